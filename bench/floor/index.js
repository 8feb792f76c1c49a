// Answers what the edge's GET /healthz answers, with no work at all.
export default {
  fetch() {
    return new Response('{"ok":true}', { headers: { "content-type": "application/json" } });
  },
};
