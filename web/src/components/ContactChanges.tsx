import { Text } from '@mantine/core';

interface ContactValues {
  name: string;
  email: string;
  phone: string;
}

interface Contact {
  name: string;
  email: string;
  phone?: string;
}

/**
 * The contact details an edit form changed, trimmed: only what differs goes to the API. A phone can be
 * changed but not removed (the APIs have no way to clear it), so an emptied phone field changes nothing.
 */
export const contactChanges = (values: ContactValues, record: Contact): Partial<Contact> => {
  const body: Partial<Contact> = {};
  if (values.name.trim() !== record.name) body.name = values.name.trim();
  if (values.email.trim() !== record.email) body.email = values.email.trim();
  if (values.phone.trim() && values.phone.trim() !== (record.phone ?? '')) body.phone = values.phone.trim();
  return body;
};

/** Said under an edit form when the record has a phone, since emptying the field keeps it. */
export const PhoneKeptNote = ({ record }: { record: Contact }) =>
  record.phone ? (
    <Text size="xs" c="dimmed">
      A phone number can be changed here but not removed.
    </Text>
  ) : null;
