"""The demo province (`python -m zhicheng load_demo`), built stage by stage.

`builder.build()` runs the stage modules in `builder.STAGES` in order, each exposing `populate(ctx)`:
`world` (organisations, accounts, roles), `stage_dossier` (§一: campaigns and applications in every
§一 state), `stage_unit_review` and `stage_recommendation` (§二), `stage_office` (§三). A later stage adds
its scenarios as one module and one line in `STAGES`. Tables live in `data` and `texts`, seeded planning
of people in `people`, files in `files`.
"""
