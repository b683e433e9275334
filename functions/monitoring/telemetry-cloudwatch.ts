export const cloudWatchTelemetry = (): never => {
  throw new Error('todo');
};
