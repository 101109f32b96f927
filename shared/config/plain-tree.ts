import { AppError } from '../errors.ts';

/** Deepest nesting a configuration file may have; Vigie's own keys go four levels deep. */
export const MAX_CONFIG_DEPTH = 32;

/**
 * Refuses what YAML can build but a configuration never is: a value that contains itself (an anchor whose
 * alias sits inside it, `a: &a [*a]`) and nesting deeper than {@link MAX_CONFIG_DEPTH}. Walks without
 * recursion, so no input overflows the stack; throws `ERR_CONFIG_INVALID` naming the key.
 */
export function assertPlainTree(value: unknown, source: string): void {
  const stack: { node: unknown; key: string; depth: number; ancestors: ReadonlySet<object> }[] = [{ node: value, key: '(root)', depth: 0, ancestors: new Set() }];
  while (stack.length > 0) {
    const { node, key, depth, ancestors } = stack.pop()!;
    if (typeof node !== 'object' || node === null) continue;
    if (ancestors.has(node)) {
      throw new AppError('ERR_CONFIG_INVALID', `${source}: ${key} is invalid, expected a plain value (actual: a YAML alias that contains itself)`);
    }
    if (depth >= MAX_CONFIG_DEPTH) {
      throw new AppError('ERR_CONFIG_INVALID', `${source}: ${key} is invalid, expected at most ${MAX_CONFIG_DEPTH} levels of nesting`);
    }
    const inner = new Set(ancestors).add(node);
    for (const [k, child] of Object.entries(node)) {
      stack.push({ node: child, key: key === '(root)' ? k : `${key}.${k}`, depth: depth + 1, ancestors: inner });
    }
  }
}
