import { absoluteTime, relativeTime } from '../lib/format';

/**
 * A moment shown relative ("5 minutes ago"), with the absolute time in the markup (`datetime`), on
 * hover (`title`) and, where asked, on screen. A native title, not a tooltip component: lists render
 * many of these and a positioned tooltip per row costs more than it gives.
 */
export const Time = ({ iso, withAbsolute = false }: { iso: string; withAbsolute?: boolean }) => (
  <time dateTime={iso} title={absoluteTime(iso)}>
    {relativeTime(iso)}
    {withAbsolute && ` · ${absoluteTime(iso)}`}
  </time>
);
