// Type-level helpers for comparing two object types key by key.

/** True when A and B are the same type (not merely mutually assignable through `any`). */
export type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

// biome-ignore lint/complexity/noBannedTypes: `{}` extends Pick<T, K> exactly when K is optional
type OptionalKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? K : never }[keyof T];

/**
 * The keys of `To` that a `From` does not satisfy: missing in `From`, optional in `From` but
 * required in `To`, or with a value type not assignable to `To`'s.
 */
export type Mismatch<From, To> = {
  [K in keyof To]-?: K extends keyof From
    ? K extends OptionalKeys<From>
      ? K extends OptionalKeys<To>
        ? [From[K]] extends [To[K]]
          ? never
          : K
        : K
      : [From[K]] extends [To[K]]
        ? never
        : K
    : K;
}[keyof To];
