import { liveQuery, type Subscription } from 'dexie';
import { computed, onBeforeUnmount, ref, shallowRef, watch, type Ref } from 'vue';
import { Outbox, type OutboxApi, type OutboxItem, type SyncReport } from './outbox';

/** How often waiting changes are tried again while the device believes it is online (the `online` event also sends them). */
const RETRY_MS = 15_000;

let device: Outbox | null | undefined;
/** This device's outbox (one IndexedDB database for every app and tab), or null where there is no IndexedDB. */
export function deviceOutbox(): Outbox | null {
  if (device === undefined) device = typeof indexedDB === 'undefined' ? null : new Outbox();
  return device;
}

/**
 * The signed-in user's outbox as it changes (every workspace and tab sees the same list), sent when
 * the workspace opens, when the connection returns and every few seconds while changes wait.
 * `sent` is told after a pass that sent something (the workspace reads its layer again).
 */
export function useOutbox(api: OutboxApi, user: Ref<string | null>, sent: (report: SyncReport) => void) {
  const outbox = deviceOutbox();
  const items = shallowRef<OutboxItem[]>([]);
  /** How many of them wait to be sent (not those held for the user: a conflict, a refusal). */
  const waiting = computed(() => items.value.filter((i) => i.state === 'waiting').length);
  const online = ref(typeof navigator === 'undefined' || navigator.onLine);
  const sending = ref(false);
  const lastSent = ref(0);
  let watching: Subscription | undefined;

  async function send() {
    if (!outbox || !user.value || !navigator.onLine) return;
    sending.value = true;
    try {
      const report = await outbox.sync(user.value, api);
      if (report.sent) {
        lastSent.value = report.sent;
        sent(report);
      }
    } finally {
      sending.value = false;
    }
  }
  const trySend = () => void send().catch(() => undefined);

  watch(user, (name) => {
    watching?.unsubscribe();
    items.value = [];
    if (!outbox || !name) return;
    watching = liveQuery(() => outbox.items(name)).subscribe({ next: (list) => (items.value = list) });
    trySend();
  }, { immediate: true });

  const wentOnline = () => {
    online.value = true;
    trySend();
  };
  const wentOffline = () => (online.value = false);
  window.addEventListener('online', wentOnline);
  window.addEventListener('offline', wentOffline);
  const retry = setInterval(() => waiting.value > 0 && trySend(), RETRY_MS);
  onBeforeUnmount(() => {
    watching?.unsubscribe();
    clearInterval(retry);
    window.removeEventListener('online', wentOnline);
    window.removeEventListener('offline', wentOffline);
  });

  return { outbox, items, waiting, online, sending, lastSent, send: trySend };
}
