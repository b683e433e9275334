export { RunHistory } from './RunHistory';
export { reportDeliveryRoutes, sharedReportRoutes } from './routes';
export { SchedulePanel } from './SchedulePanel';
export { SharePanel } from './SharePanel';
