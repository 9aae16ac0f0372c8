package gallery.worker;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import gallery.core.RenderJob;
import gallery.lambda.SqsBatch;

/**
 * A job as the render and video lanes receive it, and whether SQS handed the message out before
 * (an earlier attempt may have given up after writing, so a stale job renders the current version).
 */
record JobDelivery(RenderJob job, boolean redelivered) {
    static JobDelivery of(SQSEvent.SQSMessage m) {
        return new JobDelivery(RenderJob.fromJson(m.getBody()), SqsBatch.receiveCount(m) > 1);
    }
}
