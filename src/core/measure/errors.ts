// The error of a measurement that cannot be made (a clear message for the user, never a crash).
export class MeasureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MeasureError';
  }
}
