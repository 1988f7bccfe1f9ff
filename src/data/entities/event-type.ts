/** Behavioural signals a shop sends; the order matters nowhere, the names are the public contract. */
export const EVENT_TYPES = [
  'VIEW',
  'CLICK',
  'ADD_TO_CART',
  'REMOVE_FROM_CART',
  'PURCHASE',
  'RETURN',
  'RATING',
  'WISHLIST',
  'DISLIKE',
] as const;

export type EventTypeName = (typeof EVENT_TYPES)[number];
