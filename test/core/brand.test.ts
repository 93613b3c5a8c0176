// isBranded: `instanceof` that sees through two copies of the package (issue 11), pinned (issue 15).
import { describe, expect, it } from 'vitest';
import { isBranded } from '../../src/core/brand.js';

/** A branded class, as each copy of the package defines it. */
function brandedClass() {
  return class Branded {
    static soatBrand = 'Branded';
    readonly name = 'Branded';
    static [Symbol.hasInstance](value: unknown): boolean {
      // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass `instanceof` asked about.
      return isBranded(this, value);
    }
  };
}

describe('isBranded', () => {
  it('sees an instance of the same brand from another copy', () => {
    const Mine = brandedClass();
    const Theirs = brandedClass();
    expect(new Theirs() instanceof Mine).toBe(true);
  });

  it('uses the prototype check for a subclass without its own brand', () => {
    const Base = brandedClass();
    class Unbranded extends Base {}
    expect(new Base() instanceof Unbranded).toBe(false);
  });

  it('says no for null', () => {
    expect(isBranded(brandedClass(), null)).toBe(false);
  });

  it('says no for an object whose prototype has no constructor', () => {
    expect(isBranded(brandedClass(), Object.create(Object.create(null)))).toBe(false);
  });
});
