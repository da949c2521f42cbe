/** " Show the exchange", after what was said on the same line: opens the request behind it in the Inspector. */
export function ShowExchangeLink({ id, onShow, testId }: { id: string | null | undefined; onShow: ((id: string) => void) | undefined; testId?: string }) {
  if (!id || !onShow) return null;
  return (
    <>
      {' '}
      <button type="button" className="link-button" data-testid={testId} onClick={() => onShow(id)}>
        Show the exchange
      </button>
    </>
  );
}
