/** The roles an API key can hold (API.md `Role`); the names are the public contract. */
export const ROLES = ['ADMIN', 'INGEST', 'ANALYST', 'STOREFRONT'] as const;
export type RoleName = (typeof ROLES)[number];

/** Who is calling: the key (null when the server runs open, in development with no keys) and its role. */
export interface Principal {
  keyId: string | null;
  name: string;
  role: RoleName;
}

/** The caller of a development server that has no keys configured: everything is allowed, loudly. */
export const OPEN_DEVELOPMENT_PRINCIPAL: Principal = { keyId: null, name: 'development (no API keys configured)', role: 'ADMIN' };
