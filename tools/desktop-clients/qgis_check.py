"""What QGIS (3.22, headless: QT_QPA_PLATFORM=offscreen) can do with a Cuntu portal, as JSON on stdout.

Run with Debian's python3 (python3-qgis): /usr/bin/python3 qgis_check.py PORTAL_URL USER PASSWORD TOKEN PROJECT.qgs
Each check prints one line: {"check": ..., "ok": true/false, ...}. Nothing here is an assertion: the
caller (apps/api/e2e/desktop-clients.e2e.test.ts, or a person) decides.
"""
import json
import sys
import tempfile
import time
import os

os.environ.setdefault('QGIS_AUTH_DB_DIR_PATH', tempfile.mkdtemp(prefix='cuntu-qgis-auth-'))

from qgis.core import (  # noqa: E402
    QgsApplication, QgsAuthMethodConfig, QgsCoordinateReferenceSystem, QgsDataSourceUri, QgsMapRendererParallelJob,
    QgsMapSettings, QgsProject, QgsRectangle, QgsVectorLayer, QgsVectorTileLayer,
)
from qgis.PyQt.QtCore import QSize  # noqa: E402
from qgis.PyQt.QtGui import QColor  # noqa: E402

portal, user, password, token, project = sys.argv[1:6]
ogc = f'{portal}/ogc'
QgsApplication.setPrefixPath('/usr', True)
app = QgsApplication([], False)
app.initQgis()


def say(check, ok, **details):
    print(json.dumps({'check': check, 'ok': bool(ok), **details}, ensure_ascii=False), flush=True)


def colours(layers, extent):
    """Renders layers over an extent (degrees) and counts the distinct colours of the image."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem('EPSG:4326'))
    settings.setOutputSize(QSize(600, 450))
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(255, 255, 255))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    started = time.time()
    while job.isActive() and time.time() - started < 120:
        app.processEvents()
        time.sleep(0.05)
    image = job.renderedImage()
    return len({image.pixel(x, y) for x in range(0, 600, 3) for y in range(0, 450, 3)})


def oapif(collection, auth):
    url = f'{ogc}?access_token={token}' if auth == 'token' else ogc
    extra = f" authcfg='{basic_id}'" if auth == 'basic' else ''
    return QgsVectorLayer(f"pagingEnabled='true' restrictToRequestBBOX='0' typename='{collection}' url='{url}'{extra}", collection, 'OAPIF')


# A Basic login, as QGIS keeps it: an authentication configuration in its (here temporary) database.
manager = QgsApplication.authManager()
manager.setMasterPassword('cuntu-harness-master', True)
config = QgsAuthMethodConfig()
config.setName('cuntu')
config.setMethod('Basic')
config.setConfig('username', user)
config.setConfig('password', password)
manager.storeAuthenticationConfig(config)
basic_id = config.id()

collections = json.loads(os.environ.get('CUNTU_COLLECTIONS', '["villages","roads","water_sources","houses","relocation_sites","assets","facilities","groups","towns"]'))
extent = QgsRectangle(*json.loads(os.environ.get('CUNTU_EXTENT', '[120.37, 42.25, 121.59, 43.53]')))
for auth in ('basic', 'token'):
    loaded = {}
    for collection in collections:
        layer = oapif(collection, auth)
        loaded[collection] = layer.featureCount() if layer.isValid() else None
    say(f'oapif-{auth}', all(n is not None and n >= 0 for n in loaded.values()), counts=loaded)

roads = oapif('roads', 'token')
villages = oapif('villages', 'basic')
say('oapif-render', roads.isValid() and villages.isValid(), colours=colours([villages, roads], extent))

tiles = {}
for auth in ('basic', 'token'):
    uri = QgsDataSourceUri()
    uri.setParam('type', 'xyz')
    template = f'{ogc}/collections/roads/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}'
    uri.setParam('url', f'{template}?access_token={token}' if auth == 'token' else template)
    uri.setParam('zmin', '0')
    uri.setParam('zmax', '14')
    if auth == 'basic':
        uri.setAuthConfigId(basic_id)
    tiles[auth] = QgsVectorTileLayer(bytes(uri.encodedUri()).decode(), f'roads tiles ({auth})')
say('tiles-render', all(t.isValid() for t in tiles.values()), colours={auth: colours([t], extent) for auth, t in tiles.items()})

ok = QgsProject.instance().read(project)
layers = list(QgsProject.instance().mapLayers().values())
say('project', ok and layers and all(l.isValid() for l in layers),
    layers={l.name(): {'valid': l.isValid(), 'features': l.featureCount(), 'renderer': type(l.renderer()).__name__} for l in layers},
    colours=colours([l for l in QgsProject.instance().layerTreeRoot().checkedLayers()], extent))
# Leave without QGIS's teardown, which crashes headless 3.22 after the work is done.
sys.stdout.flush()
os._exit(0)
