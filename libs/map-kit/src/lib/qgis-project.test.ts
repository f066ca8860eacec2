import { describe, expect, it } from 'vitest';
import { DOMParser } from '@xmldom/xmldom';
import { qgisProject, VERDICT_COLOURS, LAYER_COLOURS } from '../index';

const rgb = (hex: string) => `${parseInt(hex.slice(1, 3), 16)},${parseInt(hex.slice(3, 5), 16)},${parseInt(hex.slice(5, 7), 16)},255`;

describe('the map as a QGIS project', () => {
  const text = qgisProject({
    title: '奈曼旗 <测试> & 村图', ogcUrl: 'https://county.example/ogc', token: 'cuntu_pat_a+b/c', extent: [120.3, 42.6, 121.2, 43.3],
    layers: [
      { id: 'roads', name: '道路', visible: true, colourBy: 'road.surface' },
      { id: 'water_sources', name: '水源', visible: false, colourBy: null },
    ],
    verdictLabels: { pass: '达标', fail: '不达标', unknown: '数据缺失', none: '无核查结论' },
  });
  const doc = new DOMParser().parseFromString(text, 'text/xml');
  const layers = Array.from(doc.getElementsByTagName('maplayer'));

  it('holds each layer as an OGC API layer of the portal, the token in its URL, shown as on the web map', () => {
    expect(text.startsWith("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>")).toBe(true);
    expect(doc.getElementsByTagName('title')[0].textContent).toBe('奈曼旗 <测试> & 村图');
    expect(layers.map((l) => l.getElementsByTagName('provider')[0].textContent)).toEqual(['OAPIF', 'OAPIF']);
    expect(layers[0].getElementsByTagName('datasource')[0].textContent).toBe("pagingEnabled='true' restrictToRequestBBOX='1' typename='roads' url='https://county.example/ogc?access_token=cuntu_pat_a%2Bb%2Fc'");
    const tree = Array.from(doc.getElementsByTagName('layer-tree-layer'));
    // The tree lists the top layer first; a hidden layer is there, unchecked.
    expect(tree.map((l) => [l.getAttribute('name'), l.getAttribute('checked')])).toEqual([['水源', 'Qt::Unchecked'], ['道路', 'Qt::Checked']]);
  });

  it('colours a layer by its rule\'s verdicts in the web map\'s colours and words, and a layer without a rule in its own colour', () => {
    const roads = layers[0].getElementsByTagName('renderer-v2')[0];
    expect(roads.getAttribute('type')).toBe('categorizedSymbol');
    expect(roads.getAttribute('attr')).toBe('road.surface');
    const categories = Array.from(roads.getElementsByTagName('category')).map((c) => [c.getAttribute('value'), c.getAttribute('label')]);
    expect(categories).toEqual([['pass', '达标'], ['fail', '不达标'], ['unknown', '数据缺失'], ['', '无核查结论']]);
    const colours = Array.from(roads.getElementsByTagName('Option')).filter((o) => o.getAttribute('name') === 'line_color').map((o) => o.getAttribute('value'));
    expect(colours.slice(0, 3)).toEqual([rgb(VERDICT_COLOURS.pass), rgb(VERDICT_COLOURS.fail), rgb(VERDICT_COLOURS.unknown)]);
    const water = layers[1].getElementsByTagName('renderer-v2')[0];
    expect(water.getAttribute('type')).toBe('singleSymbol');
    expect(Array.from(water.getElementsByTagName('Option')).find((o) => o.getAttribute('name') === 'color')?.getAttribute('value')).toBe(rgb(LAYER_COLOURS.water_sources));
  });

  it('opens on the same view, in Web Mercator', () => {
    expect(doc.getElementsByTagName('projectCrs')[0].getElementsByTagName('authid')[0].textContent).toBe('EPSG:3857');
    const extent = doc.getElementsByTagName('extent')[0];
    const value = (name: string) => Number(extent.getElementsByTagName(name)[0].textContent);
    expect(value('xmin')).toBeCloseTo(13391734, -1);
    expect(value('xmax')).toBeCloseTo(13491922, -1);
    expect(value('ymin')).toBeGreaterThan(5250000);
    expect(value('ymax')).toBeLessThan(5365000);
  });
});
