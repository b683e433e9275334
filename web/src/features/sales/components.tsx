import { Anchor, Badge, Group, Skeleton, Stack, Text, TextInput, type TextInputProps } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { useRecord } from '../../api/queries';
import { useSession } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { LoadError } from '../../components/ProblemAlert';
import { Section } from '../../components/Section';
import { shortId } from '../../lib/format';
import {
  CAMPAIGN_STATUS_LABELS,
  LEAD_STATUS_COLORS,
  LEAD_STATUS_LABELS,
  QUOTE_STATUS_COLORS,
  QUOTE_STATUS_LABELS,
} from './labels';
import type { CampaignStatus, LeadStatus, QuoteStatus } from './types';

/** Status in words and colour, so colour never carries meaning alone. */
export const LeadStatusBadge = ({ status }: { status: LeadStatus }) => (
  <Badge color={LEAD_STATUS_COLORS[status]} variant="light" radius="sm">
    {LEAD_STATUS_LABELS[status]}
  </Badge>
);

export const QuoteStatusBadge = ({ status }: { status: QuoteStatus }) => (
  <Badge color={QUOTE_STATUS_COLORS[status]} variant="light" radius="sm">
    {QUOTE_STATUS_LABELS[status]}
  </Badge>
);

export const CampaignStatusBadge = ({ status }: { status: CampaignStatus }) => (
  <Badge color={status === 'active' ? 'green' : 'gray'} variant="light" radius="sm">
    {CAMPAIGN_STATUS_LABELS[status]}
  </Badge>
);

/** Today as the API's day (YYYY-MM-DD), in the person's own time zone. */
export const today = (): string => {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
};

const dayFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeZone: 'UTC' });

/** A calendar day (YYYY-MM-DD) in words: "Apr 30, 2026"; the raw day stays in the markup. */
export const Day = ({ day }: { day: string | null | undefined }) => {
  if (!day) return <>—</>;
  const date = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return <>{day}</>;
  return <time dateTime={day}>{dayFormat.format(date)}</time>;
};

/** The day a fact happened, for recording it after the fact; empty means today (the API's default). */
export const DayInput = (props: TextInputProps) => (
  <TextInput type="date" max="9999-12-31" description="Leave empty for today" {...props} />
);

/** A day field's value for the API: omitted when empty. */
export const dayOrToday = (value: string): string | undefined => value.trim() || undefined;

/** A linked record named by its id: the name when the role may read it, else a short id. */
const RecordName = ({
  loading,
  label,
  to,
  allowed,
  link,
}: {
  loading: boolean;
  label: string;
  to: string;
  allowed: boolean;
  link: boolean;
}) => {
  if (allowed && loading) return <Skeleton height={12} width={100} display="inline-block" />;
  if (!link || !allowed) return <>{label}</>;
  return (
    <Anchor component={Link} to={to} inherit>
      {label}
    </Anchor>
  );
};

export const CampaignName = ({ id, link = true }: { id: string; link?: boolean }) => {
  const allowed = useSession().can('marketing:read');
  const campaign = useRecord('campaigns', id, allowed);
  return (
    <RecordName
      loading={campaign.isPending}
      label={campaign.data?.name ?? `Campaign ${shortId(id)}`}
      to={`/campaigns/${id}`}
      allowed={allowed}
      link={link}
    />
  );
};

export const ModelName = ({ id, name, link = true }: { id: string; name?: string; link?: boolean }) => {
  const allowed = useSession().can('catalog:read');
  // A name already at hand (a quote carries its model's name) saves the request.
  const model = useRecord('models', id, allowed && !name);
  return (
    <RecordName
      loading={!name && model.isPending}
      label={name ?? model.data?.name ?? `Model ${shortId(id)}`}
      to={`/models/${id}`}
      allowed={allowed}
      link={link}
    />
  );
};

/** A detail page's loading state. */
export const DetailLoading = ({ what }: { what: string }) => (
  <Stack aria-busy="true" aria-label={`Loading ${what}`}>
    <Skeleton height={32} width="40%" />
    <Skeleton height={200} />
  </Stack>
);

/** A detail page that could not load its record. */
export const DetailError = ({
  title,
  trail,
  error,
  onRetry,
  what,
}: {
  title: string;
  trail: { label: string; to: string };
  error: unknown;
  onRetry: () => void;
  what: string;
}) => (
  <>
    <PageHeader title={title} trail={[trail]} />
    <LoadError error={error} onRetry={onRetry} what={what} />
  </>
);

/** A card section with a level-2 heading, labelled by it for screen readers. */

/**
 * What the person can do next, in a sentence, with the buttons the role may use (each given as `false`
 * when the role may not, so the row is absent rather than empty).
 */
export const NextStep = ({ hint, actions = [] }: { hint: ReactNode; actions?: (ReactNode | false)[] }) => {
  const shown = actions.filter((a) => a !== false && a !== null && a !== undefined);
  return (
    <Section id="next-heading" title="Next step">
      <Text size="sm" mb={shown.length ? 'md' : 0}>
        {hint}
      </Text>
      {shown.length > 0 && (
        <Group gap="sm" wrap="wrap">
          {shown}
        </Group>
      )}
    </Section>
  );
};

export { Section };
