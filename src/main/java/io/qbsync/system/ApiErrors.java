package io.qbsync.system;

import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

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

	@ExceptionHandler(HttpMessageNotReadableException.class)
	ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request body could not be read. Send a JSON object with the fields this endpoint documents.");
		problem.setTitle("Invalid request");
		problem.setProperty("errors", List.of(new FieldProblem("body", "is not valid JSON for this request")));
		return ResponseEntity.badRequest().body(problem);
	}

}
