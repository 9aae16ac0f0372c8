package gallery.hardening;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Wraps a handler to count what a crash counter needs: messages handed in, messages reported
 * failed (retryable errors) and invocations that threw out of the handler (an uncaught exception,
 * which fails the whole batch in Lambda). Counts are shared by every instance built for one queue.
 */
final class CountingHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {
    static final class Counts {
        final AtomicLong messages = new AtomicLong();
        final AtomicLong itemFailures = new AtomicLong();
        final AtomicLong thrown = new AtomicLong();

        @Override
        public String toString() {
            return "messages=" + messages + " itemFailures=" + itemFailures + " thrown=" + thrown;
        }
    }

    private final RequestHandler<SQSEvent, SQSBatchResponse> delegate;
    private final Counts counts;

    CountingHandler(RequestHandler<SQSEvent, SQSBatchResponse> delegate, Counts counts) {
        this.delegate = delegate;
        this.counts = counts;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        counts.messages.addAndGet(event.getRecords() == null ? 0 : event.getRecords().size());
        try {
            SQSBatchResponse r = delegate.handleRequest(event, context);
            if (r != null && r.getBatchItemFailures() != null) counts.itemFailures.addAndGet(r.getBatchItemFailures().size());
            return r;
        } catch (RuntimeException | Error e) {
            counts.thrown.incrementAndGet();
            throw e;
        }
    }
}
