/**
 * autocannon setupRequest (loaded by path inside its worker): each request asks for a different user's
 * recommendations, cycling through AISLE_BENCH_USER_IDS, so no per-user cache can serve the whole run.
 */
const ids = (process.env.AISLE_BENCH_USER_IDS ?? '1').split(',');
const query = process.env.AISLE_BENCH_QUERY ?? '{ __typename }';
let next = 0;

export = function setupRequest(request: { body?: string }): { body?: string } {
  const userId = ids[next++ % ids.length];
  request.body = JSON.stringify({ query, variables: { userId } });
  return request;
};
