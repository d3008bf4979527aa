/** The survey commands' help text, without their imports (the CLI loads those only for `survey`). */
export const SURVEY_USAGE = `Surveys
  survey create <file.yaml|json> [--owner <email>]   create or update a survey from its file and schedule it (all or nothing)
  survey list [--json]                              surveys with their schedule and runs
  survey show <key> [--json]                        one survey: questions, targeting, schedule, runs
  survey schedule <key> [--remove]                  plan its runs again (after go-live dates moved), or stop its schedule
  survey results <key> [--run <key>] [--lang en|zh-CN] [--json]
                                                    results of a run (default: the latest), as sent to the owner
  survey export <key> [--run <key>] [--out file.csv] the same results as CSV`;
