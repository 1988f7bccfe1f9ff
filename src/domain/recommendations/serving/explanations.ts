import type { EventTypeName } from '../../../data/entities';

/** Why an item is on a list: products of the user's history (with what they did), or the fallback that chose it. */
export type Explanation =
  | { kind: 'history'; because: string[]; actions: EventTypeName[] }
  | { kind: 'trending-country'; country: string }
  | { kind: 'trending-category' }
  | { kind: 'trending' }
  | { kind: 'popularity' }
  | { kind: 'model' };

const VERBS: Partial<Record<EventTypeName, string>> = {
  PURCHASE: 'bought',
  RATING: 'rated',
  ADD_TO_CART: 'added to your cart',
  WISHLIST: 'saved',
  CLICK: 'looked at',
  VIEW: 'viewed',
};

function list(parts: string[]): string {
  if (parts.length <= 1) return parts.join('');
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/**
 * One short sentence for a client to show. `names` are the `because` products' names in order. Actions of the same
 * verb are grouped: "Because you bought “Trail shoe” and viewed “Rain jacket” and “Cap”."
 */
export function explanationText(e: Explanation, names: readonly string[]): string {
  switch (e.kind) {
    case 'history': {
      const byVerb = new Map<string, string[]>();
      e.actions.forEach((action, i) => {
        const verb = VERBS[action] ?? 'viewed';
        byVerb.set(verb, [...(byVerb.get(verb) ?? []), `“${names[i] ?? 'a product'}”`]);
      });
      const clauses = [...byVerb].map(([verb, items]) => `${verb} ${list(items)}`);
      return clauses.length ? `Because you ${list(clauses)}.` : 'Picked for you from what you browsed.';
    }
    case 'trending-country':
      return `Trending with shoppers in ${e.country} this week.`;
    case 'trending-category':
      return 'Trending in the categories you browse.';
    case 'trending':
      return 'Trending in the shop this week.';
    case 'popularity':
      return 'Popular in the shop.';
    default:
      return 'Picked for you.';
  }
}
