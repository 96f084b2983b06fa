package io.lbctl.cli;

import io.lbctl.backend.aws.ApplyException;
import io.lbctl.planner.PlanRefusedException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** The failures plan, apply and destroy expect, as one line each and exit 1: never a stack trace. */
final class CommandErrors {
    private CommandErrors() {
    }

    static int guard(PrintWriter err, Callable<Integer> body) {
        try {
            return body.call();
        } catch (CommandFailure e) {
            err.println("lbctl: " + e.getMessage());
        } catch (PlanRefusedException e) {
            err.println("lbctl: cannot plan: " + e.getMessage());
        } catch (ApplyException e) {
            err.println("lbctl: apply stopped: " + e.getMessage());
            err.println("lbctl: what was done stays done and tagged; run plan again to see what is left");
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
            err.println("lbctl: the ELBv2 API refused a call: " + code + ": " + message);
        } catch (SdkException e) {
            err.println("lbctl: cannot reach the ELBv2 API: " + e.getMessage());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            err.println("lbctl: " + e.getMessage());
        }
        err.flush();
        return ExitCodes.ERROR;
    }
}
