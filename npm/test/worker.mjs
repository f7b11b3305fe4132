// A Worker that runs the vectors POSTed to it inside workerd, through the package's Workers entry.
import * as api from '../dist/workerd.mjs';
import { runVectors } from './vectors-core.mjs';

export default {
  async fetch(request) {
    const vectors = await request.json();
    return Response.json(await runVectors(api, vectors));
  },
};
