/**
 * `instanceof` across copies of this package. An app often loads both builds (one dependency
 * `require`s the CJS file, another `import`s the ESM one), and each copy has its own classes: a
 * plain `instanceof` would say that an error thrown by one is not the other's `SoatError`.
 *
 * A branded class has an own static `soatBrand` string (its name: the same in every copy, under a
 * property name no other library uses) and a static `[Symbol.hasInstance]` that calls this
 * function. Both are class members bundlers see as pure, so an unused class is still dropped (a
 * `static {}` block, or a `Symbol.for()` key, would keep it). A subclass inherits `[Symbol.hasInstance]` and declares its own
 * `soatBrand`; an app's subclass without one gets the ordinary prototype check.
 *
 * @returns whether `value` is an instance of `cls`, or of the class of the same brand in another
 * copy of the package.
 */
export function isBranded(cls: object, value: unknown): boolean {
  const brand = Object.hasOwn(cls, 'soatBrand') && (cls as { soatBrand: unknown }).soatBrand;
  // One walk up the prototype chain serves both checks: a branded class looks for a
  // `constructor` of its brand (the class itself or, for an app's unbranded subclass, one whose
  // inherited brand is that of an ancestor further up the same chain); an unbranded subclass for
  // its own prototype, as `instanceof` does.
  for (
    let proto = Object(value) === value ? Object.getPrototypeOf(value) : null;
    proto;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (
      brand
        ? proto.constructor?.soatBrand === brand
        : proto === (cls as { prototype: unknown }).prototype
    )
      return true;
  }
  return false;
}
