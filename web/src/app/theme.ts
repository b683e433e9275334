import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Mantine's light variants draw shade-6 text on a pale tint, which falls short of WCAG AA's 4.5:1 for
 * small text (badges, light buttons); even shade 9 misses it for green, teal, orange and yellow. Shade 9
 * darkened by a quarter keeps the hue and clears 6:1 on every tint.
 */
const deep = (color: string) => `color-mix(in srgb, var(--mantine-color-${color}-9) 75%, black)`;

const variantColorResolver: VariantColorsResolver = (input) => {
  const resolved = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (parsed.isThemeColor && (input.variant === 'light' || input.variant === 'subtle')) {
    return { ...resolved, color: deep(parsed.color) };
  }
  if (parsed.isThemeColor && input.variant === 'outline') {
    return { ...resolved, color: deep(parsed.color), border: `1px solid ${deep(parsed.color)}` };
  }
  return resolved;
};

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 under white text is 4.9:1; the default shade 6 is 3.5:1.
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  variantColorResolver,
  headings: { fontWeight: '650' },
  components: {
    Card: { defaultProps: { radius: 'md' } },
    // Mantine's close buttons are icon-only; without a name a screen reader announces "button".
    Modal: { defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } },
    Drawer: { defaultProps: { closeButtonProps: { 'aria-label': 'Close' } } },
    // The description is gray 6 in Mantine's own CSS (3.3:1 on white), not the dimmed variable above.
    Notification: {
      defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss notification' } },
      styles: { description: { color: 'var(--mantine-color-gray-7)' } },
    },
  },
});

/**
 * Dimmed text at gray 7 (8:1) instead of gray 6 (3.3:1), and error text at red 9 (5.5:1) instead of
 * red 6 (3.3:1), for the same contrast reason.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
