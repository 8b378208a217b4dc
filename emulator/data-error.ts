/** Thrown for a data file (or an account given to the admin API) that breaks the format. */
export class EmulatorDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EmulatorDataError";
  }
}
