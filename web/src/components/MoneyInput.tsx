import { NumberInput, type NumberInputProps } from '@mantine/core';

/** Dollars and cents; the form converts to the API's integer cents on submit. */
export const MoneyInput = (props: NumberInputProps) => (
  <NumberInput
    prefix="$"
    decimalScale={2}
    thousandSeparator=","
    min={0}
    allowNegative={false}
    hideControls
    inputMode="decimal"
    {...props}
  />
);
