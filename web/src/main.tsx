import './app/mantine-styles';
import './app/styles.css';
import { MantineProvider } from '@mantine/core';
import { Notifications, notifications } from '@mantine/notifications';
import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { loadConfig, onSessionExpired } from './api/client';
import { ApiError } from './api/problem';
import { meQuery } from './api/queries';
import { getSession } from './api/session';
import { preloadLandingPage, router } from './app/router';
import { PageLoader } from './app/Shell';
import { SessionProvider } from './app/session';
import { cssVariablesResolver, theme } from './app/theme';
import { prefetchOverview } from './features/overview/data';

const noRetryFor = (error: unknown) => error instanceof ApiError && error.status >= 400 && error.status < 500;

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      // A 4xx will not fix itself; a network error or a 5xx might.
      retry: (count, error) => !noRetryFor(error) && count < 2,
    },
    mutations: { retry: false },
  },
  queryCache: new QueryCache(),
  mutationCache: new MutationCache(),
});

onSessionExpired(() => {
  queryClient.clear();
  notifications.show({ color: 'orange', title: 'Session ended', message: 'Sign in again to continue.' });
  const here = `${window.location.pathname}${window.location.search}`;
  void router.navigate(`/sign-in?next=${encodeURIComponent(here)}`, { replace: true });
});

// Landing on the overview with a session: fetch its data and code alongside the profile, not after it.
// The overview's own queries use the same keys, so they find the data already on its way.
const session = getSession();
void loadConfig();
preloadLandingPage(window.location.pathname, !!session);
if (session && window.location.pathname === '/') {
  void queryClient.prefetchQuery(meQuery);
  prefetchOverview(queryClient);
}

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <SessionProvider>
          <Suspense fallback={<PageLoader />}>
            <RouterProvider router={router} />
          </Suspense>
        </SessionProvider>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
