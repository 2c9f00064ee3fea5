import { Kind, valueFromAST, type FieldNode, type GraphQLInputType, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * The fields selected on a field's result, by name, through inline fragments and fragment
 * spreads. Directives are not evaluated: a field under `@skip` still counts, so what a resolver
 * fetches ahead from this is a guess it must not rely on, never a decision about access.
 */
export function selectedFields(info: GraphQLResolveInfo, nodes: readonly FieldNode[] = info.fieldNodes): Map<string, FieldNode[]> {
  const found = new Map<string, FieldNode[]>();
  const spread = new Set<string>();
  const walk = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) {
        const list = found.get(s.name.value);
        if (list) list.push(s);
        else found.set(s.name.value, [s]);
      } else if (s.kind === Kind.INLINE_FRAGMENT) {
        walk(s.selectionSet);
      } else if (!spread.has(s.name.value)) {
        spread.add(s.name.value);
        walk(info.fragments[s.name.value]?.selectionSet);
      }
    }
  };
  for (const node of nodes) walk(node.selectionSet);
  return found;
}

/** The fields selected on a connection's nodes (`edges { node { … } }`; of `nodes`, the connection's field nodes), with the same caveat. */
export function selectedNodeFields(info: GraphQLResolveInfo, nodes: readonly FieldNode[] = info.fieldNodes): Map<string, FieldNode[]> {
  const edges = selectedFields(info, nodes).get('edges') ?? [];
  return selectedFields(info, selectedFields(info, edges).get('node') ?? []);
}

/** A selected field's argument, variables filled in: undefined when absent or not a valid `type`. */
export function argumentValue(info: GraphQLResolveInfo, field: FieldNode, name: string, type: GraphQLInputType): unknown {
  const arg = field.arguments?.find((a) => a.name.value === name);
  return arg ? valueFromAST(arg.value, type, info.variableValues) : undefined;
}
