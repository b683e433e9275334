import { Tooltip } from '@mantine/core';
import { absoluteTime, relativeTime } from '../lib/format';

/** A moment shown relative ("5 minutes ago"), with the absolute time in the markup and on hover. */
export const Time = ({ iso, withAbsolute = false }: { iso: string; withAbsolute?: boolean }) => (
  <Tooltip label={absoluteTime(iso)} withArrow openDelay={300}>
    <time dateTime={iso}>
      {relativeTime(iso)}
      {withAbsolute && ` · ${absoluteTime(iso)}`}
    </time>
  </Tooltip>
);
