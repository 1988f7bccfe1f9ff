import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import type { ApiContext } from '../context';

/** What the GraphQL layer reports; the server's Prometheus metrics implement it. */
export interface OperationMetrics {
  observeOperation(name: string | null, type: string | null, seconds: number): void;
  countErrors(codes: readonly string[]): void;
}

/**
 * Times every request from start to response (rejected ones included: a refused query is still a request) by
 * operation name and type, and counts the errors the client receives by `extensions.code` (after formatting, so
 * masked errors count as INTERNAL_SERVER_ERROR).
 */
export function metricsPlugin(metrics: OperationMetrics): ApolloServerPlugin<ApiContext> {
  return {
    async requestDidStart(): Promise<GraphQLRequestListener<ApiContext>> {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ response, operation, operationName }) {
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.observeOperation(operationName ?? null, operation?.operation ?? null, seconds);
          if (response.body.kind !== 'single') return;
          const codes = (response.body.singleResult.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          if (codes.length > 0) metrics.countErrors(codes);
        },
      };
    },
  };
}
