import { Badge, Button, Card, Group, Select, Skeleton, Stack, TextInput } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { IconArchive, IconDeviceFloppy, IconPencil, IconPlus } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { afterChange, useRecord, useRecordList } from '../../api/queries';
import { PageHeader } from '../../components/PageHeader';
import { FormProblem, LoadError } from '../../components/ProblemAlert';
import { useReportTemplates } from '../reports/api';
import { type Dashboard, type DashboardContent, type DashboardTile, dashboardsApi, OVERVIEW_ID } from './api';
import { DashboardGrid } from './DashboardGrid';
import { FilterBar } from './FilterBar';

const contentOf = (d: Dashboard): DashboardContent => ({
  name: d.name,
  description: d.description,
  tiles: d.tiles,
  filters: d.filters,
});

/** What a tile is called before its result says: its own title, or its report's or template's name. */
const useTitles = () => {
  const templates = useReportTemplates();
  const reports = useRecordList('reports/saved', { status: 'active' });
  const savedReports = reports.data?.pages.flatMap((p) => p.items) ?? [];
  const templateList = templates.data?.items ?? [];
  const titleOf = (tile: DashboardTile) =>
    tile.title ??
    (tile.source.kind === 'template'
      ? (templateList.find((t) => t.id === (tile.source as { templateId: string }).templateId)?.name ??
        'Template')
      : (savedReports.find((r) => r.id === (tile.source as { reportId: string }).reportId)?.name ??
        'Report'));
  const options = [
    {
      group: 'Saved reports',
      items: savedReports.map((r) => ({ value: `report:${r.id}`, label: r.name })),
    },
    { group: 'Templates', items: templateList.map((t) => ({ value: `template:${t.id}`, label: t.name })) },
  ];
  return { titleOf, options };
};

const tileFrom = (choice: string, taken: readonly DashboardTile[]): DashboardTile => {
  const [kind, id = ''] = choice.split(':');
  const base = id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 30) || 'tile';
  let tileId = base;
  for (let n = 2; taken.some((t) => t.tileId === tileId); n++) tileId = `${base}-${n}`;
  return {
    tileId,
    source: kind === 'report' ? { kind: 'report', reportId: id } : { kind: 'template', templateId: id },
    width: 1,
  };
};

/**
 * A dashboard: the shared filter bar (each change reruns every tile), the tiles, and, for who may change
 * it, an edit mode to add, remove, resize and reorder tiles, saved as a new version with If-Match.
 */
const DashboardView = ({ dashboard, onReload }: { dashboard: Dashboard; onReload: () => void }) => {
  const client = useQueryClient();
  const key = useRef(crypto.randomUUID());
  const location = useLocation();
  const navigate = useNavigate();
  // Just made: straight into edit mode, once (a save or reload after that opens it to view).
  const fresh = (location.state as { edit?: boolean } | null)?.edit === true;
  const [draft, setDraft] = useState<DashboardContent>(contentOf(dashboard));
  const [editing, setEditing] = useState(fresh);
  // Once: a reload of the page after this opens it to view.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only on the first render
  useEffect(() => {
    if (fresh) navigate(location.pathname, { replace: true, state: null });
  }, []);
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [adding, setAdding] = useState<string | null>(null);
  const { titleOf, options } = useTitles();
  useDocumentTitle(`${dashboard.name} · Dashboards · Firefly`);
  const mayEdit = dashboard.actions.includes('edit');

  const save = async () => {
    setSaving(true);
    setProblem(undefined);
    try {
      const next = await dashboardsApi.save(dashboard.id, dashboard.version, draft);
      setDraft(contentOf(next));
      setEditing(false);
      await afterChange(client, 'dashboards', next);
      notifications.show({ color: 'green', title: 'Saved', message: `Version ${next.version}` });
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setSaving(false);
    }
  };
  const archive = async () => {
    try {
      const next = await dashboardsApi.archive(dashboard.id, dashboard.version, key.current);
      await afterChange(client, 'dashboards', next);
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    }
  };

  return (
    <>
      <PageHeader
        title={
          <Group gap="sm" component="span">
            {dashboard.name}
            {dashboard.status === 'archived' && <Badge color="gray">Archived</Badge>}
          </Group>
        }
        description={`${dashboard.description ? `${dashboard.description} · ` : ''}Owner ${dashboard.owner.email ?? dashboard.owner.id} · version ${dashboard.version}`}
        trail={[
          { label: 'Reports', to: '/reports' },
          { label: 'Dashboards', to: '/reports/dashboards' },
        ]}
        actions={
          <Group gap="xs">
            {editing ? (
              <Button
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                loading={saving}
                onClick={() => void save()}
              >
                Save dashboard
              </Button>
            ) : (
              mayEdit && (
                <Button
                  variant="default"
                  leftSection={<IconPencil size={16} aria-hidden />}
                  onClick={() => setEditing(true)}
                >
                  Edit
                </Button>
              )
            )}
            {dashboard.actions.includes('archive') && !editing && dashboard.id !== OVERVIEW_ID && (
              <Button
                variant="subtle"
                color="gray"
                leftSection={<IconArchive size={16} aria-hidden />}
                onClick={() => void archive()}
              >
                Archive
              </Button>
            )}
          </Group>
        }
      />
      <Stack gap="md">
        <FormProblem error={problem} onReload={onReload} />
        {editing && (
          <Card withBorder padding="md" component="section" aria-label="Edit the dashboard">
            <Group align="flex-end" gap="sm" wrap="wrap">
              <TextInput
                label="Name"
                required
                value={draft.name}
                onChange={(e) => setDraft({ ...draft, name: e.currentTarget.value })}
              />
              <TextInput
                label="Description"
                value={draft.description}
                onChange={(e) => setDraft({ ...draft, description: e.currentTarget.value })}
              />
              <Select
                label="Add a tile"
                placeholder="A saved report or a template"
                searchable
                data={options}
                value={adding}
                onChange={setAdding}
                w={280}
              />
              <Button
                variant="default"
                leftSection={<IconPlus size={16} aria-hidden />}
                disabled={!adding}
                onClick={() => {
                  if (!adding) return;
                  setDraft({ ...draft, tiles: [...draft.tiles, tileFrom(adding, draft.tiles)] });
                  setAdding(null);
                }}
              >
                Add tile
              </Button>
            </Group>
          </Card>
        )}
        <FilterBar filters={draft.filters} onChange={(filters) => setDraft({ ...draft, filters })} />
        <DashboardGrid
          dashboardId={dashboard.id}
          tiles={draft.tiles}
          filters={draft.filters}
          titleOf={titleOf}
          {...(editing ? { onChange: (tiles: DashboardTile[]) => setDraft({ ...draft, tiles }) } : {})}
        />
      </Stack>
    </>
  );
};

/** A new dashboard: named first, then opened in edit mode to add its tiles. */
const NewDashboard = () => {
  useDocumentTitle('New dashboard · Dashboards · Firefly');
  const client = useQueryClient();
  const navigate = useNavigate();
  const key = useRef(crypto.randomUUID());
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [problem, setProblem] = useState<ApiError | undefined>();
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setProblem(undefined);
    try {
      const made = await dashboardsApi.create({ name, description, tiles: [], filters: [] }, key.current);
      await afterChange(client, 'dashboards', made);
      navigate(`/reports/dashboards/${made.id}`, { replace: true, state: { edit: true } });
    } catch (error) {
      setProblem(error instanceof ApiError ? error : undefined);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageHeader
        title="New dashboard"
        description="Arrange saved reports and templates as tiles, with filters they share."
        trail={[
          { label: 'Reports', to: '/reports' },
          { label: 'Dashboards', to: '/reports/dashboards' },
        ]}
      />
      <Card withBorder padding="lg" maw={520}>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void create();
          }}
        >
          <Stack gap="sm">
            <FormProblem error={problem} />
            <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            <TextInput
              label="Description"
              value={description}
              onChange={(e) => setDescription(e.currentTarget.value)}
            />
            <Group>
              <Button type="submit" loading={busy} disabled={!name.trim()}>
                Create dashboard
              </Button>
            </Group>
          </Stack>
        </form>
      </Card>
    </>
  );
};

export default function DashboardPage() {
  const id = useParams().id;
  const dashboard = useRecord('dashboards', id ?? '', id !== undefined);
  if (id === undefined) return <NewDashboard />;
  if (dashboard.isPending)
    return (
      <Stack aria-busy="true" aria-label="Loading the dashboard">
        <Skeleton height={32} width="40%" />
        <Skeleton height={320} />
      </Stack>
    );
  if (dashboard.isError || !dashboard.data)
    return (
      <>
        <PageHeader title="Dashboard" trail={[{ label: 'Dashboards', to: '/reports/dashboards' }]} />
        <LoadError error={dashboard.error} onRetry={() => void dashboard.refetch()} what="the dashboard" />
      </>
    );
  return <DashboardView key={id} dashboard={dashboard.data} onReload={() => void dashboard.refetch()} />;
}
