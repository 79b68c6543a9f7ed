import sinon from 'sinon';

// Fault injection (STYLE §12): one named model call fails once, as if the process had died at
// that step; every other call goes through. Call sinon.restore() in afterEach.
export function failOnce<T extends object>(target: T, method: keyof T & string, nth = 1): sinon.SinonStub {
  const stub = sinon.stub(target, method as never) as unknown as sinon.SinonStub;
  stub.callThrough();
  stub.onCall(nth - 1).rejects(new Error(`process died (injected into ${method})`));
  return stub;
}
