"""Egg packaging for scrapyd only: ``scrapyd-deploy`` runs ``setup.py bdist_egg`` and uploads the result.

Metadata (name, version) and the ``scrapy`` entry point scrapyd uses to find the settings module come from
pyproject.toml. Only the crawl's own packages go in the egg; the demo portal, tests and benchmarks stay
out. The profiles (``crawler/portals/*.toml``) and the item schema (``crawler/schema/*.json``) are data the
crawl reads at run time, so they are listed explicitly: without them scrapyd refuses the upload (it lists
the spiders from the egg) and no run could load a profile.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(
        include=["crawler", "crawler.*", "spiders", "spiders.*", "pipelines", "pipelines.*"]
    ),
    package_data={"crawler": ["portals/*.toml", "schema/*.json"]},
    include_package_data=False,
    zip_safe=False,
)
