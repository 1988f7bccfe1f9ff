import { AisleError } from '../../common/errors';

/**
 * A rule that does not parse or type-check: BAD_USER_INPUT whose extensions say where (`position`, a 0-based
 * character offset into the rule, and `column`, 1-based) and what was expected, so an editor can underline it.
 */
export class RuleSyntaxError extends AisleError {
  constructor(
    readonly position: number,
    readonly expected: string,
    readonly found: string,
    field = 'input.rule',
  ) {
    super('BAD_USER_INPUT', `${field}: at position ${position}: expected ${expected}, found ${found}`, {
      field,
      position,
      column: position + 1,
      expected,
      found,
    });
  }

  /** The same error reported on another field path (the service knows where the rule came from). */
  onField(field: string): RuleSyntaxError {
    return new RuleSyntaxError(this.position, this.expected, this.found, field);
  }
}
