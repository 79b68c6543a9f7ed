import { useEffect, useState } from 'preact/hooks';
import { areaLabelOf } from './area-names';

/** An area named for people ("Xã Tân Sơn, Phú Thọ") from its code, looked up once per code. */
export function AreaName({ code }: { code: string }) {
  const [name, setName] = useState<string | null>(null);
  useEffect(() => {
    void areaLabelOf(code).then(setName);
  }, [code]);
  return <>{name ?? '…'}</>;
}
