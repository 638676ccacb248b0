// Package advisor turns a workload profile and the findings of a check into
// recommendations, and renders them as a sysctl.d drop-in, a reviewed copy
// of the user's own file, or Ansible tasks. It also reads many hosts'
// `check --format json` results (LoadFleet) into the fleet view that
// `twadvise report` prints.
//
// Usage:
//
//	res := set.Evaluate(facts)
//	recs := advisor.Recommend(facts.Profile, facts, res.Findings)
//	_ = advisor.WriteSysctl(os.Stdout, advisor.Header{...}, recs)
//
// The advisor never lowers a limit that is already higher than the profile
// asks for, and it only advises keys the target kernel has.
package advisor
