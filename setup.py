"""What goes in an installation (``pip install .``) and in the egg ``scrapyd-deploy`` builds
(``setup.py bdist_egg``): the crawl's own packages and the demo portal (``warta demo`` serves it; pure
standard library); tests and benchmarks stay out.

Metadata (name, version, dependencies and extras, the ``warta`` script, and the ``scrapy`` entry point
scrapyd uses to find the settings module) come from pyproject.toml. The profiles (``crawler/portals/*.toml``)
and the item schema (``crawler/schema/*.json``) are data the crawl reads at run time, so they are listed
explicitly: without them scrapyd refuses the upload (it lists the spiders from the egg) and no run could
load a profile.
"""

from setuptools import find_packages, setup

PACKAGES = ("crawler", "spiders", "pipelines", "demoportal")

setup(
    packages=find_packages(include=[name for package in PACKAGES for name in (package, f"{package}.*")]),
    package_data={"crawler": ["portals/*.toml", "schema/*.json"]},
    include_package_data=False,
    zip_safe=False,
)
