/** `T` with its properties writable: for an object filled in after it is made. */
export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
