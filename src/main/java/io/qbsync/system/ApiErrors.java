package io.qbsync.system;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns rejected input into a problem document that lists every problem and what to do about it. */
@RestControllerAdvice
class ApiErrors {

	@ExceptionHandler(InvalidInputException.class)
	ResponseEntity<ProblemDetail> invalid(InvalidInputException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(e.status(), e.getMessage());
		problem.setTitle(e.status() == HttpStatus.CONFLICT ? "Conflict" : "Invalid request");
		if (!e.problems().isEmpty()) {
			problem.setProperty("errors", e.problems());
		}
		return ResponseEntity.status(e.status()).body(problem);
	}

	@ExceptionHandler(NotFoundException.class)
	ResponseEntity<ProblemDetail> notFound(NotFoundException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
		problem.setTitle("Not found");
		return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
	}

	/** A query or path parameter that is not of its type ({@code ?page=abc}, {@code ?state=NOPE}). */
	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ResponseEntity<ProblemDetail> mismatch(MethodArgumentTypeMismatchException e) {
		Class<?> type = e.getRequiredType();
		String expected;
		if (type != null && type.isEnum()) {
			expected = "one of " + java.util.Arrays.stream(type.getEnumConstants())
				.map(String::valueOf)
				.collect(java.util.stream.Collectors.joining(", "));
		}
		else if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
			expected = "a whole number";
		}
		else {
			expected = "a " + ((type != null) ? type.getSimpleName() : "valid value");
		}
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The parameter \"" + e.getName() + "\" could not be read; nothing was done.");
		problem.setTitle("Invalid request");
		String given = String.valueOf(e.getValue());
		given = (given.length() > 40) ? given.substring(0, 40) + "..." : given;
		problem.setProperty("errors", List.of(new FieldProblem(e.getName(), "must be " + expected + ", not \""
				+ given + "\"")));
		return ResponseEntity.badRequest().body(problem);
	}

	/** A request parameter the endpoint needs is not in the address ({@code /syncs} without {@code ?state=}). */
	@ExceptionHandler(MissingServletRequestParameterException.class)
	ResponseEntity<ProblemDetail> missingParameter(MissingServletRequestParameterException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The parameter \"" + e.getParameterName() + "\" is missing; nothing was done.");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(new FieldProblem(e.getParameterName(),
				"is required: add ?" + e.getParameterName() + "= to the address")));
		return ResponseEntity.badRequest().body(problem);
	}

	/** A body of a content type the endpoint does not read (text/plain where it reads JSON). */
	@ExceptionHandler(HttpMediaTypeNotSupportedException.class)
	ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
		String supported = e.getSupportedMediaTypes()
			.stream()
			.map(MediaType::toString)
			.collect(java.util.stream.Collectors.joining(" or "));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
				"The request body was not read: it was sent as "
						+ ((e.getContentType() != null) ? e.getContentType() : "no content type") + ", and this endpoint "
						+ "reads " + supported + ". Send it with that Content-Type; nothing was done.");
		problem.setTitle("Unsupported media type");
		problem.setProperty("errors", List.of(new FieldProblem("Content-Type", "must be " + supported)));
		return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(e.getHeaders()).body(problem);
	}

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body could not be read. Send a JSON object with the fields this endpoint documents.");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(new FieldProblem("body", "is not valid JSON for this request")));
		return ResponseEntity.badRequest().body(problem);
	}

}
