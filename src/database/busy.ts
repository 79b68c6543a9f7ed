import { text, UnavailableError } from '../errors';

/** A record whose lock stayed taken past the caller's wait (503: the client tries again). */
export const recordBusy = (key: string) =>
  new UnavailableError(
    text('Hệ thống đang bận xử lý bản ghi này; vui lòng thử lại', 'This record is busy; try again'),
    { key },
  );
