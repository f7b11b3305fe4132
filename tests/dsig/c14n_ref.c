/* Reference exclusive C14N with the system libxml2, the way xmlsec drives it: a node-set made
 * of the subtree of an apex element minus an optional excluded ds:Signature, through an
 * is-visible callback (so `#default` in the PrefixList reaches libxml2 unchanged, which lxml
 * cannot do: it drops prefixes absent from the document dictionary).
 *
 * Build: cc -o c14n_ref tests/dsig/c14n_ref.c $(xml2-config --cflags --libs)
 * Usage: c14n_ref FILE [ID|-] [PREFIXES|-] [exclude]   (canonical bytes on stdout)
 */
#include <stdio.h>
#include <string.h>
#include <libxml/parser.h>
#include <libxml/c14n.h>

static const xmlChar DS[] = "http://www.w3.org/2000/09/xmldsig#";
static const xmlChar SAML[] = "urn:oasis:names:tc:SAML:2.0:assertion";

typedef struct { xmlNodePtr apex; xmlNodePtr excluded; } Ctx;

static int within(xmlNodePtr node, xmlNodePtr top) {
    for (; node != NULL; node = node->parent) if (node == top) return 1;
    return 0;
}

static int visible(void *data, xmlNodePtr node, xmlNodePtr parent) {
    Ctx *ctx = data;
    xmlNodePtr at = (node != NULL && node->type == XML_NAMESPACE_DECL) ? parent : node;
    if (at == NULL) return 0;
    if (!within(at, ctx->apex)) return 0;
    if (ctx->excluded != NULL && within(at, ctx->excluded)) return 0;
    if (node != NULL && node->type == XML_COMMENT_NODE) return 0;
    return 1;
}

static xmlNodePtr by_id(xmlNodePtr node, const xmlChar *id) {
    for (; node != NULL; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) continue;
        xmlChar *v = xmlGetNoNsProp(node, BAD_CAST "ID");
        int hit = v != NULL && xmlStrEqual(v, id);
        xmlFree(v);
        if (hit) return node;
        xmlNodePtr r = by_id(node->children, id);
        if (r) return r;
    }
    return NULL;
}

static int is(xmlNodePtr n, const xmlChar *ns, const char *local) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && xmlStrEqual(n->ns->href, ns) &&
           xmlStrEqual(n->name, BAD_CAST local);
}

int main(int argc, char **argv) {
    if (argc < 2) return 64;
    xmlDocPtr doc = xmlReadFile(argv[1], NULL, XML_PARSE_NONET);
    if (doc == NULL) return 2;
    Ctx ctx = { xmlDocGetRootElement(doc), NULL };
    if (argc > 2 && strcmp(argv[2], "-") != 0) {
        ctx.apex = by_id(xmlDocGetRootElement(doc), BAD_CAST argv[2]);
        if (ctx.apex == NULL) return 3;
    }
    xmlChar *prefixes[64] = { NULL };
    char buf[4096];
    if (argc > 3 && strcmp(argv[3], "-") != 0) {
        strncpy(buf, argv[3], sizeof buf - 1);
        int n = 0;
        for (char *tok = strtok(buf, " "); tok && n < 63; tok = strtok(NULL, " ")) prefixes[n++] = BAD_CAST tok;
    }
    if (argc > 4) {
        xmlNodePtr kids[3] = { NULL, NULL, NULL };
        int n = 0;
        for (xmlNodePtr c = ctx.apex->children; c && n < 2; c = c->next)
            if (c->type == XML_ELEMENT_NODE) kids[n++] = c;
        xmlNodePtr cand = is(kids[0], SAML, "Issuer") ? kids[1] : kids[0];
        if (is(cand, DS, "Signature")) ctx.excluded = cand;
    }
    xmlOutputBufferPtr out = xmlOutputBufferCreateFile(stdout, NULL);
    int rc = xmlC14NExecute(doc, visible, &ctx, XML_C14N_EXCLUSIVE_1_0, prefixes[0] ? prefixes : NULL, 0, out);
    xmlOutputBufferClose(out);
    xmlFreeDoc(doc);
    return rc < 0 ? 4 : 0;
}
