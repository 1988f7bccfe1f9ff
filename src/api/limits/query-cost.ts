import {
  getNamedType,
  getNullableType,
  isLeafType,
  isListType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  visit,
} from 'graphql';
import { getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';

/** How list sizes are guessed where the query does not say. */
export interface CostSettings {
  defaultPageSize: number;
  unpagedListSize: number;
}

/**
 * Types whose lists are already paid for by the field that returned them: a field takes `first` and returns one
 * object (a connection, a RecommendationList), so that object's lists (`edges`, `items`) hold `first` entries.
 */
export function pageTypesOf(schema: GraphQLSchema): Set<string> {
  const pages = new Set<string>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      const returned = getNullableType(field.type);
      if (field.args.some((a) => a.name === 'first') && !isListType(returned)) pages.add(getNamedType(returned).name);
    }
  }
  return pages;
}

function listMultiplier(args: Record<string, unknown>, hasFirst: boolean, isList: boolean, onPage: boolean, s: CostSettings): number {
  if (hasFirst) {
    const first = args.first;
    return typeof first === 'number' && Number.isFinite(first) ? Math.max(0, first) : s.defaultPageSize;
  }
  if (!isList) return 1;
  return onPage ? 1 : s.unpagedListSize;
}

/**
 * Cost = objects the server may have to produce. A leaf (scalar, enum) is free; a single object costs 1 plus its
 * selection; a list or page costs (1 + its selection) times how many it may hold: `first` (the page size when
 * absent) for a field that takes `first`, 1 for a list on a page object (the page already counted its entries),
 * `unpagedListSize` for any other list. Introspection is free.
 */
export function costEstimator(schema: GraphQLSchema, settings: CostSettings): ComplexityEstimator {
  const pages = pageTypesOf(schema);
  return ({ type, field, args, childComplexity }) => {
    if (field.name.startsWith('__')) return 0;
    if (isLeafType(getNamedType(field.type))) return 0;
    const hasFirst = field.args.some((a) => a.name === 'first');
    const isList = isListType(getNullableType(field.type));
    if (!isList && !hasFirst) return 1 + childComplexity;
    return listMultiplier(args, hasFirst, isList, pages.has(type.name), settings) * (1 + childComplexity);
  };
}

/** The operation's estimated cost with the request's variables (throws what graphql-query-complexity throws). */
export function operationCost(
  schema: GraphQLSchema,
  estimator: ComplexityEstimator,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): number {
  return getComplexity({ schema, query: document, variables, operationName, estimators: [estimator] });
}

function selectionDepth(
  set: SelectionSetNode | undefined,
  fragments: Map<string, FragmentDefinitionNode>,
  visiting: Set<string>,
): number {
  if (!set) return 0;
  let deepest = 0;
  for (const selection of set.selections) {
    let depth = 0;
    if (selection.kind === 'Field') {
      if (selection.name.value.startsWith('__')) continue;
      depth = 1 + selectionDepth(selection.selectionSet, fragments, visiting);
    } else if (selection.kind === 'InlineFragment') {
      depth = selectionDepth(selection.selectionSet, fragments, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // validation has already refused cycles; the guard keeps this total anyway
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      depth = selectionDepth(fragment.selectionSet, fragments, visiting);
      visiting.delete(name);
    }
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

/** How deep the operation's fields nest (`{ a { b } }` is 2); fragments are followed, introspection ignored. */
export function operationDepth(document: DocumentNode, operation: OperationDefinitionNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === 'FragmentDefinition') fragments.set(definition.name.value, definition);
  }
  return selectionDepth(operation.selectionSet, fragments, new Set());
}

/** Variables that can change an operation's cost: those inside a `first` argument or an `@include`/`@skip` `if`. */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  visit(document, {
    Argument(node) {
      if (node.name.value !== 'first' && node.name.value !== 'if') return;
      visit(node.value, { Variable: (v) => void names.add(v.name.value) });
    },
  });
  return [...names].sort();
}

/** Cost answers kept per document (bounded): Apollo hands the same parsed DocumentNode for the same query text. */
const MAX_CACHED_PER_DOCUMENT = 64;
/** Stands for a variable not sent (its default applies), which differs from one sent as null. */
const ABSENT = { absent: true };

/**
 * Memoises `operationCost` per document and the values of the variables that matter to it, so a hot query whose
 * variables only name things (`userId`) is priced once, not on every request.
 */
export class CostCache {
  private readonly byDocument = new WeakMap<DocumentNode, { vars: string[]; costs: Map<string, number | null> }>();

  cost(
    document: DocumentNode,
    operationName: string | undefined,
    variables: Record<string, unknown>,
    compute: () => number | null,
  ): number | null {
    let entry = this.byDocument.get(document);
    if (!entry) this.byDocument.set(document, (entry = { vars: costVariables(document), costs: new Map() }));
    const values = entry.vars.map((v) => (Object.hasOwn(variables, v) ? variables[v] : ABSENT));
    const key = JSON.stringify([operationName ?? null, ...values]);
    if (entry.costs.has(key)) return entry.costs.get(key)!;
    const cost = compute();
    if (entry.costs.size >= MAX_CACHED_PER_DOCUMENT) entry.costs.delete(entry.costs.keys().next().value!);
    entry.costs.set(key, cost);
    return cost;
  }
}
