import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { EditableFeature, LayerId } from '@cuntu/domain';
import { Outbox, withWaitingChanges, type OutboxApi } from './outbox';

const HOUSES: LayerId = 'houses';
const house = (id: number, version: number, properties: Record<string, unknown> = {}): EditableFeature =>
  ({ type: 'Feature', id, geometry: { type: 'Point', coordinates: [112, 34] }, properties: { id, version, ownerName: '张三', ...properties } }) as unknown as EditableFeature;
const refusal = (status: number, message: string) => Object.assign(new Error(message), { status, details: null });

/** A portal holding features by id, answering as the features API does (412 on a stale version), recording what it was sent. */
function fakePortal(stored: EditableFeature[]) {
  const features = new Map(stored.map((f) => [f.id, f]));
  const sent: string[] = [];
  let nextId = 100;
  let online = true;
  const reachable = () => {
    if (!online) throw new TypeError('Failed to fetch');
  };
  const api: OutboxApi = {
    feature: async (_layer, id) => (reachable(), features.get(id)!),
    createFeature: async (_layer, input) => {
      reachable();
      const created = { type: 'Feature', id: nextId, geometry: input.geometry, properties: { ...input.properties, id: nextId, version: 1 } } as unknown as EditableFeature;
      features.set(nextId++, created);
      sent.push(`create ${created.id}`);
      return created;
    },
    updateFeature: async (_layer, id, version, change) => {
      reachable();
      const now = features.get(id)!;
      if (now.properties.version !== version) throw refusal(412, 'changed meanwhile');
      if (change.properties?.ownerName === '') throw refusal(422, '户主姓名不能为空');
      const next = { ...now, properties: { ...now.properties, ...change.properties, version: version + 1 } } as EditableFeature;
      features.set(id, next);
      sent.push(`update ${id} v${version}`);
      return next;
    },
    attachments: {
      upload: async (_layer, feature, files, options) => {
        reachable();
        sent.push(`files ${feature} ${files.map((f) => `${f.name}:${f.size}`).join(',')} ${options?.purpose ?? ''}`);
        return [];
      },
    },
  };
  return { api, features, sent, setOnline: (value: boolean) => (online = value) };
}

let opened = 0;
const freshOutbox = () => new Outbox(`outbox-test-${++opened}`);

describe('the device outbox', () => {
  it('keeps changes across a restart and sends them in order against their versions, a feature\'s later change on top of its earlier one', async () => {
    const name = `outbox-test-${++opened}`;
    const portal = fakePortal([house(1, 3), house(2, 7)]);
    const first = new Outbox(name);
    await first.update('li', HOUSES, portal.features.get(1)!, { properties: { ownerName: '李四' } });
    await first.files('li', HOUSES, 1, [new File([new Uint8Array(2048)], '改造后.jpg', { type: 'image/jpeg' })], 'after');
    await first.update('li', HOUSES, portal.features.get(1)!, { properties: { renovationStatus: 'completed' } });
    await first.update('wang', HOUSES, portal.features.get(2)!, { properties: { ownerName: '王五' } });
    first.db.close();

    // The app was closed offline and opened again: nothing was lost.
    const again = new Outbox(name);
    expect((await again.items('li')).map((i) => i.kind)).toEqual(['update', 'files', 'update']);
    const report = await again.sync('li', portal.api);
    expect(report).toEqual({ sent: 3, conflicts: 0, refused: 0, offline: false });
    expect(portal.sent).toEqual(['update 1 v3', 'files 1 改造后.jpg:2048 after', 'update 1 v4']);
    expect(portal.features.get(1)!.properties).toMatchObject({ ownerName: '李四', renovationStatus: 'completed', version: 5 });
    expect(await again.items('li')).toEqual([]);
    // Another user's change on the same device is theirs to send.
    expect(await again.items('wang')).toHaveLength(1);
  });

  it('sends a feature made offline first, then its change and its photo to the id the portal gave it', async () => {
    const portal = fakePortal([]);
    const outbox = freshOutbox();
    const local = await outbox.create('li', HOUSES, { geometry: { type: 'Point', coordinates: [112.1, 34.1] }, properties: { ownerName: '赵六' } });
    await outbox.update('li', HOUSES, { type: 'Feature', id: local, geometry: null, properties: { id: local } } as unknown as EditableFeature, { properties: { ownerName: '赵六六' } });
    await outbox.files('li', HOUSES, local, [new File(['%PDF-1.4'], '验收.pdf', { type: 'application/pdf' })]);
    expect((await outbox.sync('li', portal.api)).sent).toBe(3);
    expect(portal.sent).toEqual(['create 100', 'update 100 v1', 'files 100 验收.pdf:8 ']);
    expect(portal.features.get(100)!.properties.ownerName).toBe('赵六六');
  });

  it('stops at a lost connection and keeps what was not sent; sends the rest when it returns', async () => {
    const portal = fakePortal([house(1, 1), house(2, 1)]);
    const outbox = freshOutbox();
    await outbox.update('li', HOUSES, portal.features.get(1)!, { properties: { ownerName: '甲' } });
    await outbox.update('li', HOUSES, portal.features.get(2)!, { properties: { ownerName: '乙' } });
    portal.setOnline(false);
    expect(await outbox.sync('li', portal.api)).toEqual({ sent: 0, conflicts: 0, refused: 0, offline: true });
    expect((await outbox.items('li')).every((i) => i.state === 'waiting')).toBe(true);
    portal.setOnline(true);
    expect((await outbox.sync('li', portal.api)).sent).toBe(2);
  });

  it('holds a change someone else overtook as a conflict with the stored version, and the feature\'s later changes behind it; the rest go on', async () => {
    const portal = fakePortal([house(1, 2), house(2, 1)]);
    const outbox = freshOutbox();
    const started = portal.features.get(1)!;
    await outbox.update('li', HOUSES, started, { properties: { ownerName: '我改的' } });
    await outbox.update('li', HOUSES, started, { properties: { safetyRating: 'D' } });
    await outbox.update('li', HOUSES, portal.features.get(2)!, { properties: { ownerName: '乙' } });
    await outbox.update('li', HOUSES, portal.features.get(2)!, { properties: { ownerName: '' } });
    // Meanwhile, at the office:
    portal.features.set(1, house(1, 3, { ownerName: '别人改的' }));

    expect(await outbox.sync('li', portal.api)).toEqual({ sent: 1, conflicts: 1, refused: 1, offline: false });
    const [conflict, held, refused] = await outbox.items('li');
    expect(conflict).toMatchObject({ state: 'conflict', base: { properties: { version: 2 } }, current: { properties: { version: 3, ownerName: '别人改的' } } });
    expect(held.state).toBe('waiting');
    expect(refused).toMatchObject({ state: 'refused', problem: '户主姓名不能为空' });

    // The user kept theirs on top of the stored version: the held change follows it.
    const saved = await portal.api.updateFeature(HOUSES, 1, 3, conflict.changes!);
    await outbox.remove(conflict.id!);
    await outbox.rebase('li', saved);
    expect((await outbox.sync('li', portal.api)).sent).toBe(1);
    expect(portal.features.get(1)!.properties).toMatchObject({ ownerName: '我改的', safetyRating: 'D', version: 5 });
  });

  it('shows the layer as the user left it: waiting changes over what the portal answered, new features added', async () => {
    const outbox = freshOutbox();
    const stored = [house(1, 1), house(2, 1)];
    await outbox.update('li', HOUSES, stored[0], { properties: { ownerName: '李四' }, geometry: { type: 'Point', coordinates: [113, 35] } });
    const local = await outbox.create('li', HOUSES, { geometry: { type: 'Point', coordinates: [112.5, 34.5] }, properties: { ownerName: '新户' } });
    await outbox.update('li', 'roads', stored[1], { properties: { ownerName: 'not this layer' } });
    const { features, waiting } = withWaitingChanges(stored, await outbox.items('li'), HOUSES);
    expect(features.map((f) => [f.properties.id, f.properties.ownerName])).toEqual([[1, '李四'], [2, '张三'], [local, '新户']]);
    expect(features[0].geometry).toEqual({ type: 'Point', coordinates: [113, 35] });
    expect([...waiting]).toEqual([1, local]);
    expect(stored[0].properties.ownerName).toBe('张三');
  });
});
