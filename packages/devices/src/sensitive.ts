/**
 * A box for patient-identifying data (HL7 PID, order numbers). The value lives in a private field,
 * so JSON.stringify, pino serializers, util.inspect and template strings all see "[sensitive]";
 * code that really needs it (matching a patient record) calls `reveal()`, which is easy to grep for.
 */
export class Sensitive<T> {
  readonly #value: T;

  constructor(value: T) {
    this.#value = value;
  }

  reveal(): T {
    return this.#value;
  }

  toJSON(): string {
    return '[sensitive]';
  }

  toString(): string {
    return '[sensitive]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Sensitive [sensitive]';
  }
}
