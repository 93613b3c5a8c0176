/**
 * Makes `instanceof` work across copies of this package. An app often loads both builds (one
 * dependency `require`s the CJS file, another `import`s the ESM one), and each copy has its own
 * classes: a plain `instanceof` would say an error thrown by one is not the other's `SoatError`.
 *
 * `brand(cls, name)` marks `cls.prototype` with `Symbol.for('@soat/sdk/<name>')`, the same
 * symbol in every copy, and gives `cls` a `Symbol.hasInstance` that looks for that mark.
 * A subclass that is not branded itself (an app's `class MyError extends SoatError`) keeps the
 * ordinary prototype check. Call it from the class's `static {}` block.
 */
export function brand(cls: abstract new (...args: never[]) => object, name: string): void {
  const mark = Symbol.for(`@soat/sdk/${name}`);
  Object.defineProperty(cls.prototype, mark, { value: true });
  Object.defineProperty(cls, Symbol.hasInstance, {
    value(this: unknown, value: unknown): boolean {
      return this === cls
        ? typeof value === 'object' && value !== null && mark in value
        : Function.prototype[Symbol.hasInstance].call(this, value);
    },
  });
}
