// A small schema with a query, a mutation and a subscription, served by both GraphQL-over-WebSocket
// servers (graphql-ws's own, and our subscriptions-transport-ws one).
// graphql/index.js, not 'graphql': vite would load graphql's ESM build here while graphql-ws (run by Node)
// loads its CommonJS one, and graphql refuses a schema built by another copy of itself.
import { GraphQLFloat, GraphQLInt, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql/index.js';

const Price = new GraphQLObjectType({
  name: 'Price',
  fields: { symbol: { type: new GraphQLNonNull(GraphQLString) }, value: { type: new GraphQLNonNull(GraphQLFloat) } },
});

const symbolArg = { symbol: { type: new GraphQLNonNull(GraphQLString) } };

/** Ticks `count` prices (forever when count is absent), one per `everyMs`. */
async function* priceTicks(symbol: string, count: number | undefined, everyMs: number): AsyncGenerator<{ priceChanged: { symbol: string; value: number } }> {
  for (let tick = 1; count === undefined || tick <= count; tick++) {
    if (everyMs > 0) await new Promise((resolve) => setTimeout(resolve, everyMs));
    yield { priceChanged: { symbol, value: 100 + tick / 4 } };
  }
}

export const priceSchema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: { price: { type: Price, args: symbolArg, resolve: (_root, { symbol }: { symbol: string }) => ({ symbol, value: 101.5 }) } },
  }),
  mutation: new GraphQLObjectType({
    name: 'Mutation',
    fields: {
      buy: {
        type: GraphQLInt,
        args: { ...symbolArg, quantity: { type: new GraphQLNonNull(GraphQLInt) } },
        resolve: (_root, { quantity }: { quantity: number }) => quantity,
      },
    },
  }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      priceChanged: {
        type: Price,
        args: { ...symbolArg, count: { type: GraphQLInt }, everyMs: { type: GraphQLInt } },
        subscribe: (_root, { symbol, count, everyMs }: { symbol: string; count?: number; everyMs?: number }) =>
          priceTicks(symbol, count ?? undefined, everyMs ?? 0),
      },
    },
  }),
});
