/**
 * One forecasting model behind one interface: fit it to a history, then ask for h point forecasts.
 * Every model is pure and deterministic; intervals come from the engine's backtests, not from models.
 */
export interface FittedModel {
  /** A short label naming the model and what was selected, e.g. `ETS(M,Ad,M)` or `ARIMA(0,1,1)(0,1,1)[12]`. */
  readonly label: string;
  forecast(h: number): number[];
  /**
   * The same form (ETS components, ARIMA orders) refitted to another history, for backtests: the form
   * is chosen once on the whole history and only its parameters are estimated again at each origin.
   */
  refit?(y: readonly number[]): FittedModel | undefined;
}

export interface Model {
  /** The model family, stable across fits (what backtests rank). */
  readonly name: string;
  /** Undefined when the model cannot fit this history (too short, wrong sign…); the engine skips it. */
  fit(y: readonly number[], season: number): FittedModel | undefined;
}
