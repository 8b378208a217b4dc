// A class that is loaded on first use. `lazyClass(load)` returns a stand-in constructor: `new`,
// `instanceof`, `extends`, static members and `Object.getPrototypeOf` all reach the class that
// `load` returns, and `load` runs only then. Both entry points (require and import) export the same
// stand-in, so importing the package never loads what the class depends on until it is used.

type AnyClass = abstract new (...args: never[]) => object;

export function lazyClass<C extends AnyClass>(name: string, load: () => C): C {
  let loaded: C | undefined;
  const real = (): C => (loaded ??= load());
  // A plain function as the target: its `prototype` is writable, so the `get` trap may report the
  // real class's prototype without breaking a Proxy invariant.
  // biome-ignore lint/complexity/useArrowFunction: an arrow function cannot be constructed or have a prototype
  const target = { [name]: function () {} }[name]!;
  const stand: object = new Proxy(target, {
    construct: (_t, args, newTarget): object => Reflect.construct(real(), args, newTarget === stand ? real() : newTarget),
    apply: (_t, thisArg, args) => Reflect.apply(real() as unknown as (...a: unknown[]) => unknown, thisArg, args),
    get: (_t, key, receiver) => Reflect.get(real(), key, receiver === stand ? real() : receiver),
    set: (_t, key, value) => Reflect.set(real(), key, value),
    has: (_t, key) => Reflect.has(real(), key),
    getPrototypeOf: () => Reflect.getPrototypeOf(real()),
  });
  return stand as unknown as C;
}
