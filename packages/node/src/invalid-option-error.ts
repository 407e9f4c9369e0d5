/** The one error register() throws for a bad option given in code; its message names the option. */
export class InvalidOptionError extends TypeError {
  constructor(
    readonly option: string,
    detail: string,
  ) {
    super(`agent-otel register(): option ${option} ${detail}`);
    this.name = 'InvalidOptionError';
  }
}
