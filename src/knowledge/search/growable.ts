/** Typed-array growth helpers: double the capacity, keep the contents. */
type TypedArray = Int32Array | Uint8Array | Uint16Array | Float32Array | Float64Array | Uint32Array;

export function ensureCapacity<T extends TypedArray>(array: T, needed: number): T {
  if (needed <= array.length) return array;
  let capacity = Math.max(16, array.length);
  while (capacity < needed) capacity *= 2;
  const grown = new (array.constructor as new (length: number) => T)(capacity);
  grown.set(array);
  return grown;
}
