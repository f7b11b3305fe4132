// The Worker holding the replay Durable Object in the store test.
export { ReplayStoreObject } from 'maestrano/durable-object';

export default {
  fetch() {
    return new Response('replay store');
  },
};
