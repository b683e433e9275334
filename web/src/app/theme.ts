import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

/**
 * Mantine's light variants draw shade-6 text on a pale tint, which falls short of WCAG AA's 4.5:1 for
 * small text (badges, light buttons). Darker text keeps the look and passes.
 */
const variantColorResolver: VariantColorsResolver = (input) => {
  const resolved = defaultVariantColorsResolver(input);
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (parsed.isThemeColor && (input.variant === 'light' || input.variant === 'subtle')) {
    return { ...resolved, color: `var(--mantine-color-${parsed.color}-9)` };
  }
  if (parsed.isThemeColor && input.variant === 'outline') {
    const shade = parsed.color === 'gray' ? 8 : 9;
    return { ...resolved, color: `var(--mantine-color-${parsed.color}-${shade})` };
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
  },
});

/** Dimmed text at gray 7 (8:1) instead of gray 6 (3.3:1), for the same contrast reason. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
