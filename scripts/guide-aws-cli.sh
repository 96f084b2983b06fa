#!/usr/bin/env bash
# guide-aws-cli.sh: runs the AWS load-balancing guide's own `aws elbv2` commands
# (/work/shared/reference/aws-load-balancing-guide.txt), with the real AWS CLI v2, against the
# local runtime (`lbctl serve-local`), then shows the result with the describe-* calls and
# deletes everything it made, so that it can run again. The output reads as a transcript:
# every command is printed, prefixed with "$ ", before it runs, then its JSON answer.
#
# The guide's commands run in the guide's order, byte for byte as the guide writes them (names,
# flags, values), with only these substitutions:
#   - the guide's placeholder ARNs (.../loadbalancer/net/my-nlb/1234567890abcdef,
#     .../loadbalancer/app/my-alb/..., .../targetgroup/my-ip-targets/...,
#     .../targetgroup/my-targets/...) become the real ARNs of what the earlier commands created,
#     read back with describe-* --query ... --output text after each create;
#   - "my-targets", a group no command of the guide creates, becomes the guide's own groups made
#     earlier in the run: my-web-app-targets (HTTP) for stickiness, the routing algorithm and the
#     HTTPS listener's forward action, and my-tcp-targets (TCP, the NLB group) for proxy protocol
#     v2, which only TCP-family groups take.
# The certificate ARN is used as the guide writes it: the local runtime accepts ARNs in ACM's
# format (arn:aws:acm:<region>:<account>:certificate/<uuid>) without contacting ACM.
#
# Two guide commands fail against AWS itself, and the script shows that rather than hiding it:
#   - The Gateway Load Balancer command passes `--scheme internal`, and AWS's API reference says
#     of CreateLoadBalancer's Scheme "You can't specify a scheme for a Gateway Load Balancer."
#     AWS refuses it with ValidationError and so does the local runtime. The script runs it
#     unchanged, expects that ValidationError and prints it, then runs it again without
#     `--scheme internal` (the only change) and goes on.
#   - The IP target group command passes `--matcher HttpCode=200,201`. The AWS CLI's shorthand
#     syntax reads `200,201` as a list, and its own parameter validation refuses that for the
#     string HttpCode ("Invalid type for parameter Matcher.HttpCode ... <class 'list'>") before
#     any request is sent (seen with aws-cli 2.9.19). The script runs it unchanged; if this CLI
#     refuses it so, the error is printed and the command runs again with the value quoted for
#     the shorthand parser, `--matcher 'HttpCode="200,201"'` (the only change), which sends
#     Matcher.HttpCode=200,201 as the guide means. If the CLI takes it as written, that is used.
#
# Usage:
#   eval "$(bin/lbctl local-env)"     # with `lbctl serve-local` running
#   scripts/guide-aws-cli.sh
#
# Environment (what `lbctl local-env` prints):
#   LBCTL_ENDPOINT          the runtime's API endpoint, e.g. http://127.0.0.1:4560 (required;
#                           it must be a loopback address, as the runtime's is by default,
#                           unless LBCTL_ALLOW_REMOTE_ENDPOINT=1: this script creates resources)
#   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
#                           the runtime's credentials (required)
#   AWS_DEFAULT_REGION      the runtime's region (default us-east-1, the guide's region)
#   AWS_CLI                 the aws binary to use (default: the first `aws` on PATH, then
#                           /usr/bin/aws, whose `--version` says aws-cli/2)
#
# --endpoint-url is passed on every call: AWS CLI releases before 2.13 (Debian 12's awscli is
# 2.9.19) ignore AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_ELASTIC_LOAD_BALANCING_V2.
#
# Exit status: 0 when every command ran as expected ("guide commands: all ran" is printed last);
# 77 when no AWS CLI v2 is found (skipped, reason printed); 2 for a usage problem (missing
# environment, leftovers of an earlier run); anything else non-zero for a failure. After a
# failure the script deletes what it created (best effort) before it exits.
set -euo pipefail
shopt -s inherit_errexit

die() { echo "guide-aws-cli: $*" >&2; exit 2; }

# ---------------------------------------------------------------------------------------------
# The AWS CLI v2
# ---------------------------------------------------------------------------------------------
is_aws_cli_v2() {
  local version
  version=$("$1" --version 2>&1) || return 1
  [[ $version == aws-cli/2.* ]]
}

if [[ -n ${AWS_CLI:-} ]]; then
  [[ -x $AWS_CLI ]] || die "AWS_CLI=$AWS_CLI is not an executable"
  is_aws_cli_v2 "$AWS_CLI" || die "AWS_CLI=$AWS_CLI is not AWS CLI v2: $("$AWS_CLI" --version 2>&1 || true)"
else
  # An older pip-installed v1 (pyenv shims, ~/.local/bin) often comes first on PATH: skip it.
  mapfile -t candidates < <(type -ap aws || true)
  candidates+=(/usr/bin/aws)
  for candidate in "${candidates[@]}"; do
    if [[ -x $candidate ]] && is_aws_cli_v2 "$candidate"; then
      AWS_CLI=$candidate
      break
    fi
  done
  if [[ -z ${AWS_CLI:-} ]]; then
    echo "skipped: no AWS CLI v2 found (Debian: apt-get install awscli; or set AWS_CLI)"
    exit 77
  fi
fi

# ---------------------------------------------------------------------------------------------
# The runtime to talk to
# ---------------------------------------------------------------------------------------------
# shellcheck disable=SC2016 # the backquotes and \$(...) are for the reader to run
hint='start `bin/lbctl serve-local` and run: eval "$(bin/lbctl local-env)"'
[[ -n ${LBCTL_ENDPOINT:-} ]] || die "LBCTL_ENDPOINT is not set; $hint"
[[ -n ${AWS_ACCESS_KEY_ID:-} ]] || die "AWS_ACCESS_KEY_ID is not set; $hint"
[[ -n ${AWS_SECRET_ACCESS_KEY:-} ]] || die "AWS_SECRET_ACCESS_KEY is not set; $hint"
export AWS_DEFAULT_REGION=${AWS_DEFAULT_REGION:-us-east-1}

# This script creates and deletes load balancers: never let it loose on a real region.
endpoint_host=${LBCTL_ENDPOINT#*://}
endpoint_host=${endpoint_host%%/*}
case $endpoint_host in
  127.*|localhost|localhost:*|\[::1\]|\[::1\]:*) ;;
  *)
    [[ ${LBCTL_ALLOW_REMOTE_ENDPOINT:-} == 1 ]] \
      || die "LBCTL_ENDPOINT=$LBCTL_ENDPOINT is not a loopback address (set LBCTL_ALLOW_REMOTE_ENDPOINT=1 if the runtime really is there)"
    ;;
esac

# Only the runtime's static keys sign: no profile, no session token left over from a real
# account; no pager and no auto-prompt, so that the CLI never waits for a terminal.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_SECURITY_TOKEN
export AWS_PAGER=""
export AWS_CLI_AUTO_PROMPT=off

# ---------------------------------------------------------------------------------------------
# Running commands
# ---------------------------------------------------------------------------------------------
exec 3>&1   # the transcript: stays the script's stdout inside $(...) too
work=$(mktemp -d)

# A word as a shell would need it written: bare when safe, else single-quoted.
shell_word() {
  if [[ $1 =~ ^[A-Za-z0-9_./:=,@%+-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# Prints "$ <command line>" to the transcript, one option per line as the guide writes them.
show() {
  local line='$' arg
  for arg in "$@"; do
    if [[ $arg == --* && $line == *' elbv2 '* ]]; then
      line+=$' \\\n    '
    else
      line+=' '
    fi
    line+=$(shell_word "$arg")
  done
  printf '%s\n' "$line" >&3
}

# The contract: every call goes to the runtime, in its region, JSON out, echoed first.
aws_local() {
  show "$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json "$@"
  "$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json "$@"
}

# The same for a value to capture: text out on stdout; the command line goes to the transcript.
aws_text() {
  show "$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output text "$@"
  "$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output text "$@"
}

# Silent lookups for the leftover check and the clean-up: the ARN of the load balancer or target
# group with this name, or nothing when there is none; any other error fails.
arn_by_name() { # kind (lb|tg) name
  local kind=$1 name=$2 op query notfound out
  case $kind in
    lb) op=describe-load-balancers query='LoadBalancers[0].LoadBalancerArn' notfound=LoadBalancerNotFound ;;
    tg) op=describe-target-groups query='TargetGroups[0].TargetGroupArn' notfound=TargetGroupNotFound ;;
  esac
  if out=$("$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output text \
      elbv2 "$op" --names "$name" --query "$query" 2>"$work/lookup.err"); then
    [[ $out == arn:* ]] && printf '%s\n' "$out"
    return 0
  fi
  grep -q "($notfound)" "$work/lookup.err" && return 0
  cat "$work/lookup.err" >&2
  return 1
}

# Reads back the ARN of what a create made, prints it to the transcript as NAME=ARN and to
# stdout for capture. The create itself ran unchanged, with its full JSON answer shown.
capture_arn() { # variable kind name
  local var=$1 kind=$2 name=$3 arn
  case $kind in
    lb) arn=$(aws_text elbv2 describe-load-balancers --names "$name" --query 'LoadBalancers[0].LoadBalancerArn') ;;
    tg) arn=$(aws_text elbv2 describe-target-groups --names "$name" --query 'TargetGroups[0].TargetGroupArn') ;;
  esac
  [[ $arn == arn:aws:elasticloadbalancing:* ]] || { echo "guide-aws-cli: no ARN for $name: '$arn'" >&2; return 1; }
  printf '# %s=%s\n' "$var" "$arn" >&3
  printf '%s' "$arn"
}

# Runs a command like aws_local, its error output included in the transcript. Returns 0 when
# it succeeds, 1 when it fails with an error that contains the expected text; any other error
# ends the script (exit 1), whatever the caller's context.
run_allowing() { # expected-text command...
  local expected=$1 out
  shift
  show "$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json "$@"
  if out=$("$AWS_CLI" --endpoint-url "$LBCTL_ENDPOINT" --region "$AWS_DEFAULT_REGION" --output json "$@" 2>&1); then
    printf '%s\n' "$out" >&3
    return 0
  fi
  printf '%s\n' "$out" >&3
  if [[ $out != *"$expected"* ]]; then
    echo "guide-aws-cli: the command failed, and not with the expected \"$expected\"" >&2
    exit 1
  fi
  echo "# failed with \"$expected\", as expected" >&3
  return 1
}

# Runs a command that must fail with an error that contains the expected text.
expect_failure() { # expected-text command...
  if run_allowing "$@"; then
    echo "guide-aws-cli: expected a failure with \"$1\", but the command succeeded" >&2
    exit 1
  fi
}

step() { printf '\n### %s\n' "$*" >&3; }

# ---------------------------------------------------------------------------------------------
# Clean-up: everything with the guide's names, load balancers first (deleting one deletes its
# listeners), then the target groups they no longer use.
# ---------------------------------------------------------------------------------------------
LOAD_BALANCERS=(my-network-load-balancer my-application-load-balancer my-gateway-load-balancer)
TARGET_GROUPS=(my-tcp-targets my-web-app-targets my-ip-targets security-appliances)

cleanup() {
  local name arn try
  for name in "${LOAD_BALANCERS[@]}"; do
    arn=$(arn_by_name lb "$name")
    [[ -z $arn ]] || aws_local elbv2 delete-load-balancer --load-balancer-arn "$arn"
  done
  for name in "${TARGET_GROUPS[@]}"; do
    arn=$(arn_by_name tg "$name")
    [[ -n $arn ]] || continue
    # A target group stays "in use" until its load balancer's listeners are gone: on AWS that
    # can take a moment after delete-load-balancer, so retry ResourceInUse for a while.
    for try in 1 2 3 4 5 6 7 8 9 10; do
      if aws_local elbv2 delete-target-group --target-group-arn "$arn" 2>"$work/delete.err"; then
        break
      fi
      cat "$work/delete.err" >&3
      if (( try == 10 )) || ! grep -q '(ResourceInUse)' "$work/delete.err"; then
        return 1
      fi
      sleep 1
    done
  done
}

started=0
on_exit() {
  local rc=$?
  if (( rc != 0 && started == 1 )); then
    echo "guide-aws-cli: failed (exit $rc); deleting what this run created" >&2
    set +e
    cleanup >&2 3>&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap on_exit EXIT

# ---------------------------------------------------------------------------------------------
# Before: the guide's names must be free (a run that was killed may have left them behind).
# ---------------------------------------------------------------------------------------------
printf '# AWS CLI: %s (%s)\n# endpoint: %s, region %s\n' \
  "$AWS_CLI" "$("$AWS_CLI" --version 2>&1)" "$LBCTL_ENDPOINT" "$AWS_DEFAULT_REGION"
# (The lookups also fail early, with the CLI's message, when the runtime cannot be reached.)
leftovers=()
for name in "${LOAD_BALANCERS[@]}"; do
  arn=$(arn_by_name lb "$name")
  [[ -z $arn ]] || leftovers+=("load balancer $name")
done
for name in "${TARGET_GROUPS[@]}"; do
  arn=$(arn_by_name tg "$name")
  [[ -z $arn ]] || leftovers+=("target group $name")
done
if (( ${#leftovers[@]} > 0 )); then
  printf 'guide-aws-cli: the runtime already has %s\n' "${leftovers[@]}" >&2
  die "delete them first (left by an earlier run?); this script deletes only what it creates"
fi
started=1

# ---------------------------------------------------------------------------------------------
# The guide's commands, in the guide's order
# ---------------------------------------------------------------------------------------------
step "Layer 3, 1: Create Network Load Balancer"
aws_local elbv2 create-load-balancer \
--name my-network-load-balancer \
--scheme internet-facing \
--type network \
--subnets subnet-12345678 subnet-87654321 \
--tags Key=Environment,Value=Production Key=Application,Value=WebApp
NLB_ARN=$(capture_arn NLB_ARN lb my-network-load-balancer)

step "Layer 4, 2: Create Target Group for NLB"
aws_local elbv2 create-target-group \
--name my-tcp-targets \
--protocol TCP \
--port 80 \
--vpc-id vpc-12345678 \
--target-type instance \
--health-check-protocol TCP \
--health-check-port 80 \
--health-check-interval-seconds 30 \
--healthy-threshold-count 2 \
--unhealthy-threshold-count 2
TCP_TG_ARN=$(capture_arn TCP_TG_ARN tg my-tcp-targets)

step "Layer 7, 1: Create Application Load Balancer"
aws_local elbv2 create-load-balancer \
--name my-application-load-balancer \
--scheme internet-facing \
--type application \
--subnets subnet-12345678 subnet-87654321 \
--security-groups sg-12345678 \
--ip-address-type ipv4 \
--tags Key=Environment,Value=Production
ALB_ARN=$(capture_arn ALB_ARN lb my-application-load-balancer)

step "Layer 7, 2: Create Target Group with HTTP Health Checks"
aws_local elbv2 create-target-group \
--name my-web-app-targets \
--protocol HTTP \
--port 80 \
--vpc-id vpc-12345678 \
--target-type instance \
--health-check-protocol HTTP \
--health-check-path /health \
--health-check-interval-seconds 30 \
--health-check-timeout-seconds 10 \
--healthy-threshold-count 2 \
--unhealthy-threshold-count 3 \
--matcher HttpCode=200
WEB_TG_ARN=$(capture_arn WEB_TG_ARN tg my-web-app-targets)

step "3: Enable Cross-Zone Load Balancing"
# The guide's .../loadbalancer/net/my-nlb/1234567890abcdef is the NLB created above.
aws_local elbv2 modify-load-balancer-attributes \
--load-balancer-arn "$NLB_ARN" \
--attributes Key=load_balancing.cross_zone.enabled,Value=true

step "4: Configure Session Stickiness"
# The guide's .../targetgroup/my-targets/... names a group no command of the guide creates:
# lb_cookie stickiness is for HTTP groups, so this is the guide's HTTP group my-web-app-targets,
# created above.
aws_local elbv2 modify-target-group-attributes \
--target-group-arn "$WEB_TG_ARN" \
--attributes Key=stickiness.enabled,Value=true \
Key=stickiness.type,Value=lb_cookie \
Key=stickiness.lb_cookie.duration_seconds,Value=86400

step "5: Enable Proxy Protocol"
# my-targets again: proxy protocol v2 is for the NLB's TCP groups ("NLB Only", says the guide),
# so this is the guide's TCP group my-tcp-targets, created above.
aws_local elbv2 modify-target-group-attributes \
--target-group-arn "$TCP_TG_ARN" \
--attributes Key=proxy_protocol_v2.enabled,Value=true

step "6: Configure Routing Algorithm"
# my-targets again: least_outstanding_requests is "ALB only", so this is my-web-app-targets.
aws_local elbv2 modify-target-group-attributes \
--target-group-arn "$WEB_TG_ARN" \
--attributes Key=load_balancing.algorithm.type,Value=least_outstanding_requests

step "7: Create IP-based Target Group (as the guide writes it)"
# The AWS CLI's shorthand syntax reads HttpCode=200,201 as a list; the CLI's own parameter
# validation refuses a list for the string Matcher.HttpCode, before anything is sent ("Parameter
# validation failed"). If this CLI does so, run the command again with the value quoted for the
# shorthand parser, its only change; if it takes the command as written, nothing more to do.
if ! run_allowing "Parameter validation failed" elbv2 create-target-group \
--name my-ip-targets \
--protocol HTTP \
--port 8080 \
--vpc-id vpc-12345678 \
--target-type ip \
--ip-address-type ipv4 \
--health-check-protocol HTTP \
--health-check-path /api/health \
--health-check-port 8080 \
--health-check-interval-seconds 30 \
--matcher HttpCode=200,201
then
  step "7: Create IP-based Target Group (with the matcher's value quoted for the AWS CLI)"
  aws_local elbv2 create-target-group \
--name my-ip-targets \
--protocol HTTP \
--port 8080 \
--vpc-id vpc-12345678 \
--target-type ip \
--ip-address-type ipv4 \
--health-check-protocol HTTP \
--health-check-path /api/health \
--health-check-port 8080 \
--health-check-interval-seconds 30 \
--matcher 'HttpCode="200,201"'
fi
IP_TG_ARN=$(capture_arn IP_TG_ARN tg my-ip-targets)

step "8: Register IP Targets"
# The guide's .../targetgroup/my-ip-targets/1234567890abcdef is the group created above. These
# addresses are outside the runtime's target networks (loopback by default): the API accepts
# them as AWS does, and the runtime never connects to them (see describe-target-health below).
aws_local elbv2 register-targets \
--target-group-arn "$IP_TG_ARN" \
--targets Id=10.0.1.100,Port=8080 \
Id=10.0.2.150,Port=8080 \
Id=192.168.1.50,Port=9090,AvailabilityZone=us-east-1a

step "9: Create Gateway Load Balancer with GENEVE (as the guide writes it)"
# AWS refuses a scheme on a Gateway Load Balancer (CreateLoadBalancer, Scheme: "You can't
# specify a scheme for a Gateway Load Balancer."), with ValidationError; so does the runtime.
expect_failure "(ValidationError)" elbv2 create-load-balancer \
--name my-gateway-load-balancer \
--type gateway \
--subnets subnet-12345678 subnet-87654321 \
--scheme internal \
--tags Key=Purpose,Value=SecurityInspection

step "9: Create Gateway Load Balancer with GENEVE (without --scheme internal)"
# The same command without `--scheme internal`, its only change; a Gateway Load Balancer is
# internal anyway, as the guide says.
aws_local elbv2 create-load-balancer \
--name my-gateway-load-balancer \
--type gateway \
--subnets subnet-12345678 subnet-87654321 \
--tags Key=Purpose,Value=SecurityInspection
GWLB_ARN=$(capture_arn GWLB_ARN lb my-gateway-load-balancer)

step "10: Create GENEVE Target Group"
aws_local elbv2 create-target-group \
--name security-appliances \
--protocol GENEVE \
--port 6081 \
--vpc-id vpc-12345678 \
--target-type instance \
--health-check-protocol HTTP \
--health-check-path /health \
--health-check-port 80
GENEVE_TG_ARN=$(capture_arn GENEVE_TG_ARN tg security-appliances)

step "14: Create HTTPS Listener with SSL Termination"
# The guide's .../loadbalancer/app/my-alb/... is the ALB created above; its forward target
# .../targetgroup/my-targets/... is the guide's HTTP group my-web-app-targets. The certificate
# ARN is the guide's, in ACM's format, which the runtime accepts without contacting ACM.
aws_local elbv2 create-listener \
--load-balancer-arn "$ALB_ARN" \
--protocol HTTPS \
--port 443 \
--certificates CertificateArn=arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012 \
--ssl-policy ELBSecurityPolicy-TLS-1-2-2017-01 \
--default-actions Type=forward,TargetGroupArn="$WEB_TG_ARN"

# ---------------------------------------------------------------------------------------------
# The result
# ---------------------------------------------------------------------------------------------
step "Result: load balancers"
aws_local elbv2 describe-load-balancers --load-balancer-arns "$NLB_ARN" "$ALB_ARN" "$GWLB_ARN"

step "Result: target groups"
aws_local elbv2 describe-target-groups --target-group-arns "$TCP_TG_ARN" "$WEB_TG_ARN" "$IP_TG_ARN" "$GENEVE_TG_ARN"

step "Result: the IP targets' health"
aws_local elbv2 describe-target-health --target-group-arn "$IP_TG_ARN"

step "Result: the ALB's listeners"
aws_local elbv2 describe-listeners --load-balancer-arn "$ALB_ARN"

step "Result: the NLB's attributes (cross-zone)"
aws_local elbv2 describe-load-balancer-attributes --load-balancer-arn "$NLB_ARN"

step "Result: my-web-app-targets' attributes (stickiness, algorithm)"
aws_local elbv2 describe-target-group-attributes --target-group-arn "$WEB_TG_ARN"

step "Result: my-tcp-targets' attributes (proxy protocol v2)"
aws_local elbv2 describe-target-group-attributes --target-group-arn "$TCP_TG_ARN"

# ---------------------------------------------------------------------------------------------
# Clean-up, so that the script can run again
# ---------------------------------------------------------------------------------------------
step "Clean-up: load balancers (with their listeners), then target groups"
cleanup
started=0

echo
echo "guide commands: all ran"
