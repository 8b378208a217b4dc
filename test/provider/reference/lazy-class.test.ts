// lazyClass: a stand-in that behaves like the class it loads on first use.
import { describe, expect, it } from "vitest";
import { lazyClass } from "../../../provider/reference/lazy-class";

class Base {
  static created = 0;
  constructor(readonly label: string) {
    Base.created++;
  }
}
class Real extends Base {
  static describe(): string {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class the static is called on (a subclass too)
    return `a ${this.name}`;
  }
  greet(): string {
    return `hello ${this.label}`;
  }
}

function standIn() {
  let loads = 0;
  const Lazy = lazyClass("Real", () => {
    loads++;
    return Real;
  });
  return { Lazy, loads: () => loads };
}

describe("lazyClass", () => {
  it("loads nothing until used, then loads once", () => {
    const { Lazy, loads } = standIn();
    expect(loads()).toBe(0);
    new Lazy("a");
    new Lazy("b");
    expect(Lazy.describe()).toBe("a Real");
    expect(loads()).toBe(1);
  });

  it("constructs instances of the real class, which instanceof sees through either name", () => {
    const { Lazy } = standIn();
    const x = new Lazy("x");
    expect(Object.getPrototypeOf(x)).toBe(Real.prototype);
    expect(x).toBeInstanceOf(Real);
    expect(x).toBeInstanceOf(Lazy);
    expect(new Real("y")).toBeInstanceOf(Lazy);
    expect(x.greet()).toBe("hello x");
    expect({}).not.toBeInstanceOf(Lazy);
  });

  it("can be subclassed: super() runs the real constructor, methods and statics are inherited", () => {
    const { Lazy } = standIn();
    class Mine extends Lazy {
      override greet(): string {
        return `${super.greet()}!`;
      }
    }
    const m = new Mine("m");
    expect(m).toBeInstanceOf(Mine);
    expect(m).toBeInstanceOf(Real);
    expect(m.label).toBe("m");
    expect(m.greet()).toBe("hello m!");
    expect(Mine.describe()).toBe("a Mine");
    expect(Object.getPrototypeOf(Mine)).toBe(Lazy);
  });

  it("reports the real class's name, parent and prototype; calling it without new fails like the class", () => {
    const { Lazy } = standIn();
    expect(Lazy.name).toBe("Real");
    expect(Object.getPrototypeOf(Lazy)).toBe(Base);
    expect(Lazy.prototype).toBe(Real.prototype);
    expect(() => (Lazy as unknown as () => unknown)()).toThrow(TypeError);
  });

  it("propagates a failing load to the use that triggered it, and tries again next time", () => {
    let fail = true;
    const Lazy = lazyClass("Flaky", () => {
      if (fail) throw new Error("cannot load @pulumi/pulumi");
      return Real;
    });
    expect(() => new Lazy("z")).toThrow("cannot load @pulumi/pulumi");
    fail = false;
    expect(new Lazy("z")).toBeInstanceOf(Real);
  });
});
